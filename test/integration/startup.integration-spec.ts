import { eventually, TEST_KEYS } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { freePort } from '../support/redis-server';
import { TEST_REDIS_URL } from '../support/services';
import { spawnEntry } from '../support/spawn';

describe('start-up and shut-down of the entry points', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('stops at start-up on a malformed DATABASE_URL, naming the setting and not its value', async () => {
    const child = spawnEntry('main', {
      NODE_ENV: 'test',
      DATABASE_URL: 'mysql://haven:pw-marker-7731@db/haven',
      REDIS_URL: TEST_REDIS_URL,
    });
    const code = await child.exit;
    expect(code).not.toBe(0);
    expect(child.stderr()).toContain('DATABASE_URL');
    expect(child.stderr() + child.stdout()).not.toContain('pw-marker-7731');
  });

  it('stops at start-up without NODE_ENV, naming the setting', async () => {
    const child = spawnEntry('main', { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL });
    expect(await child.exit).not.toBe(0);
    expect(child.stderr()).toContain('NODE_ENV');
  });

  it('stops the worker at start-up on a malformed REDIS_URL, naming the setting', async () => {
    const child = spawnEntry('worker', {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: 'localhost:6379',
    });
    expect(await child.exit).not.toBe(0);
    expect(child.stderr()).toContain('REDIS_URL');
  });

  it('serves the API and shuts it down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawnEntry('main', {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...TEST_KEYS,
    });
    try {
      const res = await eventually(
        () => fetch(`http://127.0.0.1:${port}/health/ready`),
        (r) => r.status === 200,
        { timeoutMs: 30_000, what: 'the API to be ready' },
      );
      expect(res.status).toBe(200);
      child.proc.kill('SIGTERM');
      expect(await child.exit).toBe(0);
    } finally {
      child.proc.kill('SIGKILL');
    }
  });

  it('runs the worker with its own health port and shuts it down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawnEntry('worker', {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `haven-t-${process.env.HAVEN_TEST_RUN_ID}-startup`,
      WORKER_HEALTH_PORT: String(port),
      HOST: '127.0.0.1',
      ...TEST_KEYS,
    });
    try {
      await eventually(
        () => fetch(`http://127.0.0.1:${port}/health/ready`),
        (r) => r.status === 200,
        { timeoutMs: 30_000, what: 'the worker to be ready' },
      );
      const api = await fetch(`http://127.0.0.1:${port}/api/v1/geography/provinces`);
      expect(api.status).toBe(404); // no API route on a worker
      child.proc.kill('SIGTERM');
      expect(await child.exit).toBe(0);
      expect(child.stdout()).toContain('worker stopped');
    } finally {
      child.proc.kill('SIGKILL');
    }
  });
});
