import { WorkerHealth } from '../../src/platform/health';
import { OutboxMaintenance } from '../../src/platform/outbox';
import { eventually, RunningApi, RunningWorker, startApi, startWorker, testEnv } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { ProbeWriterModule } from '../support/fixtures/probe-writer.module';
import { OwnRedis } from '../support/redis-server';
import { TcpProxy } from '../support/tcp-proxy';

type Ready = { status: string; details: Record<string, { status: string }> };

describe('outages of Redis and PostgreSQL', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  describe('with the test’s own Redis stopped', () => {
    let redis: OwnRedis;
    let api: RunningApi;
    let worker: RunningWorker;

    beforeAll(async () => {
      redis = await OwnRedis.start();
      const env = testEnv(db.url, { REDIS_URL: redis.url });
      api = await startApi(env, { extraImports: [ProbeWriterModule] });
      worker = await startWorker(env);
    });
    afterAll(async () => {
      await worker?.close();
      await api?.close();
      await redis?.stop();
    });

    const writeProbe = async (): Promise<string> => {
      const res = await fetch(`${api.url}/api/v1/test/probes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ label: 'outage' }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const deliveries = async (id: string) =>
      (await worker.app.get(OutboxMaintenance).probeState(id))?.deliveries ?? 0;

    it('keeps events in the outbox while Redis is down and delivers each once when it is back', async () => {
      const first = await writeProbe();
      await eventually(
        () => deliveries(first),
        (n) => n === 1,
        { what: 'delivery with Redis up' },
      );

      await redis.stop();
      const ready = await eventually(
        () =>
          fetch(`${api.url}/health/ready`).then(async (r) => ({
            code: r.status,
            body: (await r.json()) as Ready,
          })),
        (r) => r.body.details.redis?.status === 'down',
        { what: 'the API to notice Redis is down' },
      );
      expect(ready.code).toBe(200);
      expect(ready.body.status).toBe('degraded');
      expect(ready.body.details.database?.status).toBe('up');
      expect((await worker.app.get(WorkerHealth).ready()).statusCode).toBe(503);

      const during = [await writeProbe(), await writeProbe(), await writeProbe()];
      await new Promise((r) => setTimeout(r, 1_000));
      const pending = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox_events WHERE sent_at IS NULL AND payload->>'probeId' = ANY($1)`,
        [during],
      );
      expect(pending[0]!.n).toBe(3);
      expect(await Promise.all(during.map(deliveries))).toEqual([0, 0, 0]);

      await redis.start();
      for (const id of during) {
        await eventually(
          () => deliveries(id),
          (n) => n === 1,
          { what: 'delivery after Redis returned', timeoutMs: 30_000 },
        );
      }
      await eventually(
        () => fetch(`${api.url}/health/ready`).then(async (r) => (await r.json()) as Ready),
        (b) => b.status === 'ok',
        { what: 'the API to see Redis again' },
      );
      // Ready again once its schedulers are back in the restarted (empty) Redis.
      await eventually(
        () => worker.app.get(WorkerHealth).ready(),
        (r) => r.statusCode === 200,
        { what: 'the worker to be ready again' },
      );
      expect(await Promise.all([first, ...during].map(deliveries))).toEqual([1, 1, 1, 1]);
    });
  });

  describe('with the API’s PostgreSQL cut', () => {
    let proxy: TcpProxy;
    let api: RunningApi;

    beforeAll(async () => {
      const u = new URL(db.url);
      proxy = await TcpProxy.start(u.hostname, Number(u.port || 5432));
      api = await startApi(testEnv(proxy.rewrite(db.url)), { extraImports: [ProbeWriterModule] });
    });
    afterAll(async () => {
      await api?.close();
      await proxy?.cut();
    });

    const readyStatus = () => fetch(`${api.url}/health/ready`).then((r) => r.status);

    it('answers 503 while PostgreSQL is gone and 200 again when it is back, without a restart', async () => {
      expect(await readyStatus()).toBe(200);
      await proxy.cut();
      expect(await eventually(readyStatus, (s) => s === 503, { what: '503 with PostgreSQL gone' })).toBe(503);
      expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
      await proxy.restore();
      expect(await eventually(readyStatus, (s) => s === 200, { what: '200 with PostgreSQL back' })).toBe(200);
    });

    it('answers API requests 503 SERVICE_UNAVAILABLE with Retry-After, logging one outage and one recovery', async () => {
      const provinces = () =>
        fetch(`${api.url}/api/v1/test/probes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ label: 'outage' }),
        });
      expect((await provinces()).status).toBe(201);
      await proxy.cut();
      const answers = await Promise.all(Array.from({ length: 8 }, () => provinces()));
      for (const res of answers) {
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await res.json()).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
      }
      await proxy.restore();
      await eventually(
        () => provinces().then((r) => r.status),
        (s) => s === 201,
        { what: 'the API answering again with PostgreSQL back' },
      );
      await eventually(
        () => Promise.resolve(api.logs()),
        (text) => text.includes('"database available again"'),
        { what: 'the recovery line' },
      );
      const lines = api.logs().split('\n');
      expect(lines.filter((l) => l.includes('"database unavailable"'))).toHaveLength(1);
      expect(lines.filter((l) => l.includes('"database available again"'))).toHaveLength(1);
      expect(lines.filter((l) => l.includes('"request failed"'))).toHaveLength(0);
    });
  });
});
