import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  KeyObject,
  randomBytes,
} from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ENV } from '../config/env.module';
import { Env } from '../config/env.schema';
import { PINO } from '../logging/logging.module';
import { Key, KeyMaterial, loadKeyMaterial } from './key-ring';
import { normalizeNationalId, normalizePhone, normalizeText } from './normalize';

const VERSION = 'v1';
/** The first byte of sealed bytes (encryptBytes). */
const BYTES_VERSION = 0x01;

/** What a blind index is computed over: the kind is part of the MAC, so equal values of different kinds differ. */
export type IndexKind = 'phone' | 'national_id' | 'name' | 'name_birth_year' | 'text';

export class DecryptionError extends Error {
  constructor(reason: string) {
    super(`cannot decrypt a field: ${reason}`);
    this.name = 'DecryptionError';
  }
}

/**
 * The encryption kernel (docs/DESIGN.md §7): AES-256-GCM per field under a key ring (the key id travels with
 * each value), and HMAC-SHA256 blind indexes over normalised values for exact-match search. A value is
 * `v1.<keyId>.<iv>.<ciphertext+tag>` (base64url). The context (table.column) is bound as associated data,
 * so a value copied into another column does not decrypt.
 */
@Injectable()
export class CryptoService {
  private readonly keys: KeyMaterial;
  private readonly byId: Map<string, Key>;
  private jwtKeyObject: KeyObject | undefined;

  constructor(@Inject(ENV) env: Env, @Inject(PINO) logger: Logger) {
    this.keys = loadKeyMaterial(env, logger);
    this.byId = new Map(this.keys.dataKeys.map((k) => [k.id, k]));
  }

  get activeKeyId(): string {
    return this.activeKey.id;
  }

  get indexKeyId(): string {
    return this.keys.indexKey.id;
  }

  get jwtSecret(): string {
    return this.keys.jwtSecret;
  }

  /**
   * The token key as a KeyObject, made once: given a string, jsonwebtoken first tries it as a public key
   * (an exception on every request) before making a secret key of it.
   */
  get jwtKey(): KeyObject {
    this.jwtKeyObject ??= createSecretKey(Buffer.from(this.keys.jwtSecret, 'utf8'));
    return this.jwtKeyObject;
  }

  private get activeKey(): Key {
    const key = this.keys.dataKeys[0];
    if (!key) throw new Error('no data key');
    return key;
  }

  encrypt(plaintext: string, context: string): string {
    const key = this.activeKey;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${key.id}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  encryptOptional(plaintext: string | null | undefined, context: string): string | null {
    return plaintext === undefined || plaintext === null ? null : this.encrypt(plaintext, context);
  }

  decrypt(value: string, context: string): string {
    const [version, keyId, ivText, bodyText] = value.split('.');
    if (version !== VERSION || !keyId || !ivText || !bodyText) throw new DecryptionError('malformed value');
    const key = this.byId.get(keyId);
    if (!key) throw new DecryptionError(`key ${keyId} is not in the key ring`);
    const body = Buffer.from(bodyText, 'base64url');
    if (body.length < 16) throw new DecryptionError('malformed value');
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(ivText, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    try {
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new DecryptionError('authentication failed');
    }
  }

  /**
   * Bytes (a document's content) under the active key, without the text form's base64: the sealed value
   * is `0x01 | keyId length (1 byte) | keyId | iv (12) | ciphertext | tag (16)`, the context bound as
   * associated data as for text. For values too large to carry as text (10 MB stays 10 MB + 30 bytes).
   */
  encryptBytes(plaintext: Buffer, context: string): Buffer {
    const key = this.activeKey;
    const id = Buffer.from(key.id, 'utf8');
    if (id.length > 255) throw new Error('key id too long');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = [cipher.update(plaintext), cipher.final(), cipher.getAuthTag()];
    return Buffer.concat([Buffer.from([BYTES_VERSION, id.length]), id, iv, ...body]);
  }

  decryptBytes(sealed: Buffer, context: string): Buffer {
    const keyId = this.keyIdOfBytes(sealed);
    const idEnd = 2 + (sealed[1] ?? 0);
    if (keyId === undefined || sealed.length < idEnd + 12 + 16) throw new DecryptionError('malformed value');
    const key = this.byId.get(keyId);
    if (!key) throw new DecryptionError(`key ${keyId} is not in the key ring`);
    const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.subarray(idEnd, idEnd + 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    try {
      return Buffer.concat([
        decipher.update(sealed.subarray(idEnd + 12, sealed.length - 16)),
        decipher.final(),
      ]);
    } catch {
      throw new DecryptionError('authentication failed');
    }
  }

  /** The key id sealed bytes were encrypted under (for a rotation of the document store). */
  keyIdOfBytes(sealed: Buffer): string | undefined {
    if (sealed.length < 2 || sealed[0] !== BYTES_VERSION) return undefined;
    return sealed.subarray(2, 2 + (sealed[1] ?? 0)).toString('utf8');
  }

  decryptOptional(value: string | null | undefined, context: string): string | null {
    return value === undefined || value === null ? null : this.decrypt(value, context);
  }

  /** The key id a stored value was encrypted under (for rotation). */
  keyIdOf(value: string): string | undefined {
    return value.split('.')[1];
  }

  /** Whether a stored value needs re-encrypting under the active key. */
  isStale(value: string): boolean {
    return this.keyIdOf(value) !== this.activeKey.id;
  }

  /**
   * The blind index of an already normalised value: `<indexKeyId>:<hex HMAC>`. Use the kind-specific
   * helpers below unless the value is normalised already.
   */
  blindIndex(kind: IndexKind, normalised: string): string {
    const mac = createHmac('sha256', this.keys.indexKey.key)
      .update(`${kind}\u0000${normalised}`)
      .digest('hex');
    return `${this.keys.indexKey.id}:${mac}`;
  }

  phoneIndex(raw: string): string | undefined {
    const n = normalizePhone(raw);
    return n === undefined ? undefined : this.blindIndex('phone', n);
  }

  nationalIdIndex(raw: string): string | undefined {
    const n = normalizeNationalId(raw);
    return n === undefined ? undefined : this.blindIndex('national_id', n);
  }

  nameIndex(raw: string): string | undefined {
    const n = normalizeText(raw);
    return n === '' ? undefined : this.blindIndex('name', n);
  }

  nameBirthYearIndex(name: string, birthYear: number): string | undefined {
    const n = normalizeText(name);
    return n === '' ? undefined : this.blindIndex('name_birth_year', `${n}|${birthYear}`);
  }
}
