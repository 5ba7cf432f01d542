import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { OutboxMaintenance } from '../../src/platform/outbox';
import { DeadLetterService } from '../../src/platform/queue';
import { QueueName } from '../../src/platform/queue/queue-names';
import { eventually, RunningApi, RunningWorker, startApi, startWorker, testEnv } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { ProbeWriterModule } from '../support/fixtures/probe-writer.module';
import { TcpProxy } from '../support/tcp-proxy';
import type { Env } from '../../src/platform/config';

/**
 * A job whose attempts run out while PostgreSQL is down (JOB_ATTEMPTS/JOB_BACKOFF_MS small, so "longer
 * than the attempts last" is a second): its failure must not be lost.
 */
describe('a job that runs out of attempts while PostgreSQL is down', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let api: RunningApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    const u = new URL(db.url);
    proxy = await TcpProxy.start(u.hostname, Number(u.port || 5432));
    api = await startApi(testEnv(db.url), { extraImports: [ProbeWriterModule] });
  });
  afterAll(async () => {
    await api?.close();
    await proxy?.cut();
    await db?.drop();
  });

  const writeProbe = async (): Promise<{ probeId: string; eventId: string }> => {
    const res = await fetch(`${api.url}/api/v1/test/probes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'job-failure' }),
    });
    expect(res.status).toBe(201);
    const probeId = ((await res.json()) as { id: string }).id;
    const [row] = await db.query<{ id: string }>(
      `SELECT id FROM outbox_events WHERE payload->>'probeId' = $1`,
      [probeId],
    );
    return { probeId, eventId: row!.id };
  };
  const deadLetters = (eventId: string) =>
    db.query<{ id: string; queue: string; attempts: number; error: string }>(
      `SELECT id, queue, attempts, error FROM dead_letters WHERE job_id = $1`,
      [eventId],
    );
  const failedInRedis = async (w: RunningWorker, eventId: string) => {
    const queue = w.app.get<Queue>(getQueueToken(QueueName.Maintenance), { strict: false });
    return (await (await queue.getJob(eventId))?.isFailed()) ?? false;
  };

  /**
   * The relay (and the API) on PostgreSQL directly, so events reach Redis during the outage; the
   * processors behind the proxy, so their handlers and dead-letter writes fail while it is cut.
   */
  async function startPair(relayEnv: Partial<Env>): Promise<{ relay: RunningWorker; proc: RunningWorker }> {
    const env = { ...api.env, JOB_ATTEMPTS: 3, JOB_BACKOFF_MS: 50, JOB_MAX_BACKOFF_MS: 200 };
    const relay = await startWorker({ ...env, ...relayEnv }, { processors: false });
    const proc = await startWorker({ ...env, DATABASE_URL: proxy.rewrite(db.url) }, { relay: false });
    return { relay, proc };
  }

  it('writes the dead letter when PostgreSQL returns, and the event is delivered once on retry', async () => {
    const { relay, proc } = await startPair({});
    try {
      await proxy.cut();
      const { probeId, eventId } = await writeProbe();
      await eventually(
        () => failedInRedis(proc, eventId),
        (f) => f,
        { what: 'the job to run out of attempts' },
      );
      expect(await deadLetters(eventId)).toEqual([]);
      expect(proc.logs()).toContain('dead letter could not be written; kept until PostgreSQL answers');

      await proxy.restore();
      const [letter] = await eventually(
        () => deadLetters(eventId),
        (rows) => rows.length === 1,
        { what: 'the dead letter after PostgreSQL returned' },
      );
      expect(letter).toMatchObject({ queue: QueueName.Maintenance, attempts: 3 });
      expect(proc.app.get(DeadLetterService).keptCount()).toBe(0);

      await relay.app.get(DeadLetterService).retry(letter!.id);
      const state = await eventually(
        () => proc.app.get(OutboxMaintenance).probeState(probeId),
        (s) => s?.deliveries === 1,
        { what: 'delivery after the retry' },
      );
      expect(state?.deliveries).toBe(1);
    } finally {
      await proxy.restore();
      await proc.close();
      await relay.close();
    }
  });

  it('lets the relay’s sweep record a failed job whose worker stopped before it could write the letter', async () => {
    const { relay, proc } = await startPair({ OUTBOX_REDELIVER_AFTER_MS: 500 });
    let procOpen = true;
    try {
      await proxy.cut();
      const { eventId } = await writeProbe();
      await eventually(
        () => failedInRedis(proc, eventId),
        (f) => f,
        { what: 'the job to run out of attempts' },
      );
      // The worker that held the unwritten letter goes away with it.
      await proc.close();
      procOpen = false;
      await proxy.restore();
      expect(await deadLetters(eventId)).toEqual([]);

      const [letter] = await eventually(
        () => deadLetters(eventId),
        (rows) => rows.length === 1,
        { what: 'the sweep to record the failed job' },
      );
      expect(letter).toMatchObject({ queue: QueueName.Maintenance, attempts: 3 });
      // Recorded once: later sweeps see the letter and leave the job alone.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await deadLetters(eventId)).toHaveLength(1);
      const [status] = await db.query<{ delivered: boolean }>(
        `SELECT delivered_at IS NOT NULL AS delivered FROM outbox_events WHERE id = $1`,
        [eventId],
      );
      expect(status?.delivered).toBe(false);
    } finally {
      await proxy.restore();
      if (procOpen) await proc.close();
      await relay.close();
    }
  });

  it('warns once per outage of the relay’s PostgreSQL and once when it is back', async () => {
    const relay = await startWorker(
      { ...api.env, DATABASE_URL: proxy.rewrite(db.url) },
      { processors: false },
    );
    try {
      await proxy.cut();
      // Many ticks fail (OUTBOX_POLL_INTERVAL_MS is 50 in tests).
      await eventually(
        () => Promise.resolve(relay.logs()),
        (t) => t.includes('relay tick failed'),
        { what: 'the relay to notice' },
      );
      await new Promise((r) => setTimeout(r, 1_500));
      await proxy.restore();
      await eventually(
        () => Promise.resolve(relay.logs()),
        (t) => t.includes('relay working again'),
        { what: 'the relay to recover' },
      );
      const lines = relay.logs().split('\n');
      expect(lines.filter((l) => l.includes('relay tick failed'))).toHaveLength(1);
      expect(lines.filter((l) => l.includes('relay working again'))).toHaveLength(1);
    } finally {
      await proxy.restore();
      await relay.close();
    }
  });
});
