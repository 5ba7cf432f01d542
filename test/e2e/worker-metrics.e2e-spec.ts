import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWorkerHealthServer, WorkerHealth } from '../../src/platform/health';
import { WorkerMetrics } from '../../src/platform/metrics/worker-metrics';
import { eventually, RunningWorker, startWorker, testEnv } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';

describe("The worker's /metrics on its health port", () => {
  let db: TestDatabase;
  let worker: RunningWorker;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    worker = await startWorker(testEnv(db.url, { NOTIFY_EXTERNAL: 'none' }));
    server = await startWorkerHealthServer(
      worker.app.get(WorkerHealth),
      0,
      '127.0.0.1',
      worker.app.get(WorkerMetrics),
    );
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.close();
    await worker?.close();
    await db?.drop();
  });

  const scrape = async (): Promise<string> => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };
  const value = (text: string, series: string): number | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('reports queue depth, dead letters, outbox backlog, processed jobs and scheduler lag', async () => {
    await db.query(
      `INSERT INTO dead_letters (queue, job_id, job_name, payload, error, attempts)
       VALUES ('maintenance', 'metrics-1', 'maintenance.purge_outbox', '{}', 'Error: x', 3)`,
    );
    const text = await eventually(
      scrape,
      (t) =>
        (value(t, 'haven_jobs_processed_total{queue="maintenance",outcome="completed"}') ?? 0) > 0 &&
        value(t, 'haven_scheduler_lag_seconds{job="audit.seal"}') !== undefined,
      { timeoutMs: 30_000, what: 'a scheduled job to be processed and counted' },
    );
    for (const queue of ['notifications', 'followups', 'referrals', 'reports', 'maintenance']) {
      for (const state of ['waiting', 'active', 'delayed']) {
        expect(value(text, `haven_queue_jobs{queue="${queue}",state="${state}"}`)).toBeGreaterThanOrEqual(0);
      }
    }
    expect(value(text, 'haven_dead_letters_open')).toBe(1);
    expect(value(text, 'haven_outbox_pending_events')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'haven_outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(0);
    const lag = value(text, 'haven_scheduler_lag_seconds{job="audit.seal"}');
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(60);
    // Labels carry queue names, states, outcomes and job names only.
    const labels = [...text.matchAll(/\{([^}]*)\}/g)].flatMap((m) => m[1]!.split(','));
    for (const l of labels.filter((x) => /^(queue|state|outcome|job)=/.test(x))) {
      expect(l).toMatch(/^(queue|state|outcome|job)="[a-z_.]+"$/);
    }
  });

  it('keeps /health as it is', async () => {
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
  });
});
