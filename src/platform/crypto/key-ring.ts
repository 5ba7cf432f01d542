import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { appRoot } from '../config/app-root';
import { Env } from '../config/env.schema';

export interface Key {
  id: string;
  key: Buffer;
}

export interface KeyMaterial {
  /** Field-encryption keys; the first encrypts, all decrypt. */
  dataKeys: Key[];
  indexKey: Key;
  jwtSecret: string;
}

function parseKey(part: string): Key {
  const i = part.indexOf(':');
  const key = Buffer.from(part.slice(i + 1), part.slice(i + 1).match(/[-_]/) ? 'base64url' : 'base64');
  if (key.length !== 32) throw new Error(`key ${part.slice(0, i)} is not 32 bytes`);
  return { id: part.slice(0, i), key };
}

export function parseKeyRing(value: string): Key[] {
  const keys = value.split(',').map((p) => parseKey(p.trim()));
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new Error('HAVEN_DATA_KEYS names a key id twice');
  return keys;
}

const DEV_KEY_FILE = '.haven-dev-keys.json';

/**
 * The keys from the environment. In production every one must be set (the env schema refuses to start
 * otherwise). In development and test a missing key is made once and kept in .haven-dev-keys.json at the
 * project root (git-ignored), with a loud warning: data encrypted under it is readable only with that file.
 */
export function loadKeyMaterial(env: Env, logger?: Logger): KeyMaterial {
  if (env.HAVEN_DATA_KEYS && env.HAVEN_INDEX_KEY && env.JWT_SECRET) {
    return {
      dataKeys: parseKeyRing(env.HAVEN_DATA_KEYS),
      indexKey: parseKey(env.HAVEN_INDEX_KEY),
      jwtSecret: env.JWT_SECRET,
    };
  }
  if (env.NODE_ENV === 'production') throw new Error('Keys are missing in production');
  const file = join(appRoot(), DEV_KEY_FILE);
  let dev: { dataKeys: string; indexKey: string; jwtSecret: string };
  if (existsSync(file)) {
    dev = JSON.parse(readFileSync(file, 'utf8')) as typeof dev;
  } else {
    dev = {
      dataKeys: `dev1:${randomBytes(32).toString('base64')}`,
      indexKey: `devi:${randomBytes(32).toString('base64')}`,
      jwtSecret: randomBytes(32).toString('base64url'),
    };
    writeFileSync(file, JSON.stringify(dev, null, 2), { mode: 0o600 });
  }
  logger?.warn(
    { file: DEV_KEY_FILE },
    'DEVELOPMENT KEYS IN USE: field encryption, blind indexes and tokens use generated keys from a local file. ' +
      'Never use this outside development.',
  );
  return {
    dataKeys: parseKeyRing(env.HAVEN_DATA_KEYS ?? dev.dataKeys),
    indexKey: parseKey(env.HAVEN_INDEX_KEY ?? dev.indexKey),
    jwtSecret: env.JWT_SECRET ?? dev.jwtSecret,
  };
}
