import { createServer, Server } from 'node:net';
import { TEST_KEYS } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { freePort } from '../support/redis-server';
import { TEST_REDIS_URL } from '../support/services';
import { spawnEntry } from '../support/spawn';

/** Holds a port the way another program would. */
async function occupy(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const addr = server.address();
  return { port: typeof addr === 'object' && addr ? addr.port : 0, server };
}

describe('a taken worker port (WORKER_HEALTH_PORT)', () => {
  let db: TestDatabase;
  let taken: { port: number; server: Server };

  beforeAll(async () => {
    db = await createTestDatabase();
    taken = await occupy();
  });
  afterAll(async () => {
    taken?.server.close();
    await db?.drop();
  });

  const env = (extra: Record<string, string>) => ({
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: `local-start-${process.pid}`,
    ...TEST_KEYS,
    ...extra,
  });

  it('stops the worker with a message naming the setting', async () => {
    const worker = spawnEntry('worker', env({ NODE_ENV: 'test', WORKER_HEALTH_PORT: String(taken.port) }));
    expect(await worker.exit).not.toBe(0);
    expect(worker.stderr()).toContain(`WORKER_HEALTH_PORT ${taken.port} cannot be used (EADDRINUSE)`);
  });

  it('makes start:local refuse before starting anything, naming the setting, with no banner', async () => {
    const apiPort = await freePort();
    const local = spawnEntry(
      'local',
      env({ PORT: String(apiPort), WORKER_HEALTH_PORT: String(taken.port), HOST: '127.0.0.1' }),
    );
    expect(await local.exit).toBe(78);
    expect(local.stderr()).toContain(`set WORKER_HEALTH_PORT to a free port`);
    expect(local.stdout()).not.toContain('running');
    // The API was never started.
    await expect(fetch(`http://127.0.0.1:${apiPort}/health/live`)).rejects.toThrow();
  });

  it('prints the banner of start:local only once the API and the worker answer', async () => {
    const [apiPort, workerPort] = [await freePort(), await freePort()];
    const local = spawnEntry(
      'local',
      env({ PORT: String(apiPort), WORKER_HEALTH_PORT: String(workerPort), HOST: '127.0.0.1' }),
    );
    try {
      const deadline = Date.now() + 50_000;
      while (!local.stdout().includes('Haven: API on') && local.proc.exitCode === null) {
        if (Date.now() > deadline) throw new Error(`no banner; stderr: ${local.stderr().slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(local.stdout()).toContain(`worker running (health on port ${workerPort})`);
      expect((await fetch(`http://127.0.0.1:${apiPort}/health/live`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${workerPort}/health/live`)).status).toBe(200);
    } finally {
      local.proc.kill('SIGTERM');
      await local.exit;
    }
  }, 90_000);
});
