import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDir } from '../../src/platform/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { freePort } from '../support/redis-server';
import { TEST_REDIS_URL } from '../support/services';
import { spawnEntry } from '../support/spawn';

/** A bad config/cases.yaml stops the real API at start-up, naming the file and the problem. */
describe('start-up with a bad cases configuration', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'haven-cases-config-'));
    cpSync(configDir(), dir, { recursive: true });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('stops on a bad reference prefix and a mistyped context rule, naming both', async () => {
    const file = join(dir, 'cases.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('referencePrefix: HN', 'referencePrefix: hn')
        .replace('[forced_marriage]', '[forced_mariage]'),
    );
    const child = spawnEntry('main', {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      HAVEN_CONFIG_DIR: dir,
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
    });
    try {
      expect(await child.exit).not.toBe(0);
      expect(child.stderr()).toContain(
        `${file}: referencePrefix must be 2 to 8 capital letters (A-Z); ` +
          'contextRules: early_marriage.when.violenceTypesAny: forced_mariage is not a violence type',
      );
    } finally {
      child.proc.kill('SIGKILL');
    }
  });
});
