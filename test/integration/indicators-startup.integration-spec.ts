import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDir } from '../../src/platform/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { freePort } from '../support/redis-server';
import { TEST_REDIS_URL } from '../support/services';
import { spawnEntry } from '../support/spawn';

/** An indicator file naming a measure or filter the code does not provide stops the real API at start-up. */
describe('start-up with a bad indicator plan', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'haven-indicators-config-'));
    cpSync(configDir(), dir, { recursive: true });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('stops on an unknown measure and an unknown filter, naming the file and the indicators', async () => {
    const file = join(dir, 'indicators', 'hanoi-96-kh-ubnd.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('measure: referrals.sent', 'measure: referrals.invented')
        .replace('filters: { channel: walk_in }', 'filters: { colour: walk_in }'),
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
      const stderr = child.stderr();
      expect(stderr).toContain(`${file}: `);
      expect(stderr).toContain(
        'indicator cases_received_walk_in numerator: cases.received has no filter colour',
      );
      expect(stderr).toContain('indicator referrals_sent numerator: unknown measure referrals.invented');
    } finally {
      child.proc.kill('SIGKILL');
    }
  });
});
