import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDir } from '../../src/platform/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { freePort } from '../support/redis-server';
import { TEST_REDIS_URL } from '../support/services';
import { spawnEntry } from '../support/spawn';

/** A bad access rule file stops the real API at start-up, naming the file, the action and the problem. */
describe('start-up with a bad access rule file', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'haven-access-config-'));
    cpSync(configDir(), dir, { recursive: true });
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(async () => {
    await db?.drop();
  });

  const rules = () => join(dir, 'access-rules.yaml');
  const start = async () => {
    const child = spawnEntry('main', {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      HAVEN_CONFIG_DIR: dir,
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
    });
    try {
      return { code: await child.exit, stderr: child.stderr() };
    } finally {
      child.proc.kill('SIGKILL');
    }
  };

  it('stops on an unknown condition', async () => {
    writeFileSync(rules(), readFileSync(rules(), 'utf8').replace('isAssignee]', 'isAsignee]'));
    const { code, stderr } = await start();
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      `${rules()}: action 'case.read', set 2: unknown condition 'isAsignee' (did you mean isAssignee?)`,
    );
  });

  it('stops on an action on a resource that no module registers and that is not pending', async () => {
    writeFileSync(rules(), readFileSync(rules(), 'utf8').replace('  case.create:', '  csae.create:'));
    const { code, stderr } = await start();
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      `${rules()}: action 'csae.create' is on resource 'csae', which no module registers`,
    );
  });
});
