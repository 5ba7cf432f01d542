import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { WorkerHealth } from '../../src/platform/health';
import { HandlerRegistry, JobName } from '../../src/platform/queue';
import { Scheduler, SCHEDULES } from '../../src/platform/queue/scheduler';
import { eventually, RunningWorker, startWorker, testEnv } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { OwnRedis } from '../support/redis-server';

type Ready = {
  statusCode: number;
  body: { details?: Record<string, { status: string; missing?: string[] }> };
};

describe('job schedulers after Redis restarts empty', () => {
  let db: TestDatabase;
  let redis: OwnRedis;
  let worker: RunningWorker;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await OwnRedis.start();
    worker = await startWorker(testEnv(db.url, { REDIS_URL: redis.url }));
  });
  afterAll(async () => {
    await worker?.close();
    await redis?.stop();
    await db?.drop();
  });

  const ready = () => worker.app.get(WorkerHealth).ready() as Promise<Ready>;
  const installed = async (): Promise<string[]> => {
    const registry = worker.app.get(HandlerRegistry);
    const found: string[] = [];
    for (const s of SCHEDULES) {
      const queue = worker.app.get<Queue>(getQueueToken(registry.jobQueue(s.job)), { strict: false });
      if (await queue.getJobScheduler(s.job)) found.push(s.job);
    }
    return found.sort();
  };
  const all = SCHEDULES.map((s) => s.job as string).sort();

  it('reinstalls every scheduler within 30 seconds of Redis coming back, and is ready again', async () => {
    await eventually(installed, (j) => j.length === all.length, { what: 'the schedulers at start' });

    await redis.stop();
    await redis.start();
    await eventually(installed, (j) => j.length === all.length, {
      what: 'the schedulers to be reinstalled',
      timeoutMs: 30_000,
    });
    const r = await eventually(ready, (x) => x.statusCode === 200, { what: 'the worker to be ready again' });
    expect(r.body.details?.schedulers?.status).toBe('up');
  });

  it('is not ready while a scheduler is missing, and says which', async () => {
    const scheduler = worker.app.get(Scheduler);
    scheduler.stop(); // so the check cannot put it back between the removal and the readiness read
    try {
      const queue = worker.app.get<Queue>(
        getQueueToken(worker.app.get(HandlerRegistry).jobQueue(JobName.AuditSeal)),
        { strict: false },
      );
      await queue.removeJobScheduler(JobName.AuditSeal);
      const r = await ready();
      expect(r.statusCode).toBe(503);
      expect(r.body.details?.schedulers).toMatchObject({ status: 'down', missing: [JobName.AuditSeal] });
      expect(r.body.details?.redis?.status).toBe('up');
    } finally {
      scheduler.start();
    }
    await eventually(installed, (j) => j.length === all.length, { what: 'the scheduler back' });
    expect((await ready()).statusCode).toBe(200);
  });
});
