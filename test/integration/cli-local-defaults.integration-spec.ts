import { TEST_KEYS } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { spawnEntry } from '../support/spawn';

const PASSWORD = 'Mật khẩu quản trị mặc định 2026';

/** README, "Without Docker": `npm run cli -- …` after `start:local`, without exporting anything. */
describe('the command line with the local defaults of start:local', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('runs create-admin with neither NODE_ENV nor REDIS_URL set, and says which defaults it took', async () => {
    // Only the scratch database (the default is the haven database of start:local) and the test keys
    // (so no key file is written in the project).
    const child = spawnEntry('cli', { DATABASE_URL: db.url, ...TEST_KEYS, HAVEN_ADMIN_PASSWORD: PASSWORD }, [
      'create-admin',
      'admin.mac.dinh',
      '--organization-name',
      'Sở thử mặc định',
    ]);
    expect(await child.exit).toBe(0);
    expect(child.stdout()).toMatch(/administrator created: [0-9a-f-]{36}/);
    expect(child.stderr()).toContain('Using the local defaults of start:local for NODE_ENV, REDIS_URL.');
    expect(await db.query(`SELECT username FROM users`)).toEqual([{ username: 'admin.mac.dinh' }]);
  });

  it.each(['production', 'test'])('still asks for every setting with NODE_ENV=%s', async (nodeEnv) => {
    const child = spawnEntry('cli', { NODE_ENV: nodeEnv }, ['outbox:status']);
    expect(await child.exit).toBe(78);
    expect(child.stderr()).toContain('DATABASE_URL');
    expect(child.stderr()).toContain('REDIS_URL');
    expect(child.stderr()).not.toContain('local defaults');
  });
});
