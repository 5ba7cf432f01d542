import { getQueueToken } from '@nestjs/bullmq';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { Env } from '../../src/platform/config';
import {
  EVENT_TOPICS,
  EventTopic,
  OutboxMaintenance,
  OutboxRelay,
  OutboxService,
} from '../../src/platform/outbox';
import { TOPICS } from '../../src/platform/outbox/event-topics';
import { DeadLetterService, HandlerRegistry, QueueName } from '../../src/platform/queue';
import { eventually, RunningWorker, startWorker, testEnv } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';

describe('the outbox and its relay', () => {
  let db: TestDatabase;
  let env: Env;
  let relayA: RunningWorker;
  let relayB: RunningWorker | undefined;
  let processors: RunningWorker | undefined;
  let queue: Queue;
  let outbox: OutboxService;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = testEnv(db.url, { OUTBOX_REDELIVER_AFTER_MS: '1000', JOB_ATTEMPTS: '2' });
    relayA = await startWorker(env, { relay: true, processors: false });
    queue = relayA.app.get<Queue>(getQueueToken(QueueName.Maintenance));
    outbox = relayA.app.get(OutboxService);
    dataSource = relayA.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await processors?.close();
    await relayB?.close();
    await relayA?.close();
    await db?.drop();
  });

  const writeProbes = async (n: number): Promise<string[]> =>
    dataSource.transaction(async (m) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const [row] = await m.query<{ id: string }[]>(
          `INSERT INTO system_probes (id) VALUES (gen_random_uuid()) RETURNING id`,
        );
        ids.push(await outbox.write(m, 'system.probe', { probeId: row!.id }));
      }
      return ids;
    });
  /** Jobs made from probe events (the maintenance queue also holds the schedulers' jobs). */
  const jobCount = async () => {
    const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized']);
    return jobs.filter((j) => j?.name === 'system.probe').length;
  };
  const unsent = async () =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_events WHERE sent_at IS NULL`))[0]!
      .n;

  it('turns an event of a committed transaction into exactly one job, with the outbox id as job id', async () => {
    const before = await jobCount();
    const [eventId] = await writeProbes(1);
    await eventually(unsent, (n) => n === 0, { what: 'the event to be sent' });
    const job = await queue.getJob(eventId!);
    expect(job?.name).toBe('system.probe');
    expect(job?.data).toMatchObject({ eventId, topic: 'system.probe' });
    expect(await jobCount()).toBe(before + 1);
  });

  it('turns an event of a rolled-back transaction into no job', async () => {
    const before = await jobCount();
    const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_events`);
    await expect(
      dataSource.transaction(async (m) => {
        await outbox.write(m, 'system.probe', { probeId: '00000000-0000-4000-8000-000000000001' });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    const relay = relayA.app.get(OutboxRelay);
    const ticks = relay.stats.ticks;
    await eventually(
      () => Promise.resolve(relay.stats.ticks),
      (t) => t >= ticks + 3,
      { what: 'three relay passes' },
    );
    expect((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_events`))[0]!.n).toBe(
      rows[0]!.n,
    );
    expect(await jobCount()).toBe(before);
  });

  it('refuses to write outside a transaction, or a payload that is not ids', async () => {
    await expect(
      outbox.write(dataSource.manager, 'system.probe', { probeId: crypto.randomUUID() }),
    ).rejects.toThrow('inside a transaction');
    await expect(
      dataSource.transaction((m) => outbox.write(m, 'system.probe', { probeId: 'Nguyễn Thị Lan' })),
    ).rejects.toThrow('payload.probeId');
  });

  it('makes one job per event with two relays running at once', async () => {
    relayB = await startWorker(env, { relay: true, processors: false });
    const a = relayA.app.get(OutboxRelay);
    const b = relayB.app.get(OutboxRelay);
    const before = { jobs: await jobCount(), a: a.stats.enqueued, b: b.stats.enqueued };
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(...(await writeProbes(50)));
    await eventually(unsent, (n) => n === 0, { what: 'all 300 events to be sent' });
    expect(await jobCount()).toBe(before.jobs + 300);
    const enqueued = a.stats.enqueued - before.a + (b.stats.enqueued - before.b);
    expect(enqueued).toBe(300);
    const jobs = await Promise.all(ids.slice(0, 20).map((id) => queue.getJob(id)));
    expect(jobs.every((j, i) => j?.id === ids[i])).toBe(true);
  });

  it('hands each event to its handler once, even when the job is delivered twice', async () => {
    processors = await startWorker(env, { relay: false, processors: true });
    const maintenance = processors.app.get(OutboxMaintenance);
    const probeId = await maintenance.writeProbe();
    const state = await eventually(
      () => maintenance.probeState(probeId),
      (s) => Boolean(s?.handledAt),
      { what: 'the probe to be handled' },
    );
    expect(state?.deliveries).toBe(1);
    const [event] = await db.query<{ id: string; delivered_at: Date | null }>(
      `SELECT id, delivered_at FROM outbox_events WHERE payload->>'probeId' = $1`,
      [probeId],
    );
    await eventually(
      async () =>
        (
          await db.query<{ d: Date | null }>(`SELECT delivered_at AS d FROM outbox_events WHERE id = $1`, [
            event!.id,
          ])
        )[0]!.d,
      (d) => d !== null,
      { what: 'the event to be marked delivered' },
    );
    // The same event again, as a second job (as after a redelivery): the handler changes nothing.
    const original = await queue.getJob(event!.id);
    const dup = await queue.add('system.probe', original!.data, { jobId: `${event!.id}-again` });
    await eventually(
      () => dup.isCompleted(),
      (done) => done,
      { what: 'the duplicate job to run' },
    );
    expect((await maintenance.probeState(probeId))?.deliveries).toBe(1);
  });

  it('sends an event again when Redis lost its job before it was handled', async () => {
    await processors?.close();
    processors = undefined;
    const [eventId] = await writeProbes(1);
    await eventually(unsent, (n) => n === 0, { what: 'the event to be sent' });
    const job = await queue.getJob(eventId!);
    await job!.remove(); // what a Redis restart does to a waiting job
    const relays = [relayA.app.get(OutboxRelay), relayB!.app.get(OutboxRelay)];
    await eventually(
      async () => queue.getJob(eventId!),
      (j) => Boolean(j),
      { what: 'the sweep to send the event again', timeoutMs: 30_000 },
    );
    expect(relays.reduce((n, r) => n + r.stats.redelivered, 0)).toBeGreaterThanOrEqual(1);
    processors = await startWorker(env, { relay: false, processors: true });
    const probeId = (
      await db.query<{ p: string }>(`SELECT payload->>'probeId' AS p FROM outbox_events WHERE id = $1`, [
        eventId,
      ])
    )[0]!.p;
    const maintenance = processors.app.get(OutboxMaintenance);
    const state = await eventually(
      () => maintenance.probeState(probeId),
      (s) => Boolean(s?.handledAt),
    );
    expect(state?.deliveries).toBe(1);
  });

  it('keeps a job that exhausted its attempts as a dead letter, and retries it on request', async () => {
    const job = await queue.add(
      'maintenance.no_such_job',
      { any: 1 },
      { jobId: 'dead-letter-test-1', attempts: 2 },
    );
    const deadLetters = processors!.app.get(DeadLetterService);
    const [dead] = await eventually(
      () => deadLetters.list(),
      (l) => l.some((d) => d.jobId === job.id),
      { what: 'the dead letter' },
    ).then((l) => l.filter((d) => d.jobId === job.id));
    expect(dead).toMatchObject({ queue: 'maintenance', jobName: 'maintenance.no_such_job', retriedAt: null });
    expect(dead!.error).toContain('No handler for job maintenance.no_such_job');
    const retried = await deadLetters.retry(dead!.id);
    expect(retried.retryCount).toBe(1);
    expect(retried.retriedAt).not.toBeNull();
    // It fails again (still no handler) and is dead-lettered again: open once more.
    await eventually(
      () => deadLetters.list(),
      (l) => l.some((d) => d.jobId === job.id && d.retriedAt === null),
      { what: 'the retried job to fail again' },
    );
  });

  it('writes an event of a topic awaiting its handler at infinity, and the relay leaves such events alone', async () => {
    // Every topic has its handler today; mark one as awaiting a later part for this test only, as
    // TOPICS does for a topic whose handler is not built yet, and look at the row before it commits
    // (once committed, this worker — which has a handler — would release it at once).
    const topics = TOPICS as Record<string, { awaitingHandlerFrom?: string }>;
    const before = topics['protection_measure.recorded'];
    topics['protection_measure.recorded'] = { awaitingHandlerFrom: 'a later part (test)' };
    try {
      await dataSource
        .transaction(async (m) => {
          const id = await outbox.write(m, 'protection_measure.recorded', {
            caseId: '00000000-0000-4000-8000-0000000000a1',
            measureId: '00000000-0000-4000-8000-0000000000c1',
            organizationId: '00000000-0000-4000-8000-0000000000b1',
          });
          const [row] = await m.query<{ parked: boolean }[]>(
            `SELECT available_at = 'infinity' AS parked FROM outbox_events WHERE id = $1`,
            [id],
          );
          expect(row?.parked).toBe(true);
          throw new Error('roll back');
        })
        .catch((e: unknown) => {
          if (!(e instanceof Error) || e.message !== 'roll back') throw e;
        });
    } finally {
      topics['protection_measure.recorded'] = before ?? {};
    }
    // A parked event of a topic this worker has no handler for stays untouched, pass after pass.
    const [parked] = await db.query<{ id: string }>(
      `INSERT INTO outbox_events (id, topic, payload, available_at)
       VALUES (gen_random_uuid(), 'test.no_handler_yet', '{}'::jsonb, 'infinity') RETURNING id`,
    );
    const relay = relayA.app.get(OutboxRelay);
    await relay.releaseAwaiting();
    const ticks = relay.stats.ticks;
    await eventually(
      () => Promise.resolve(relay.stats.ticks),
      (t) => t >= ticks + 3,
      { what: 'three relay passes' },
    );
    const [row] = await db.query<{ sent_at: Date | null; attempts: number; parked: boolean }>(
      `SELECT sent_at, attempts, available_at = 'infinity' AS parked FROM outbox_events WHERE id = $1`,
      [parked!.id],
    );
    expect(row).toEqual({ sent_at: null, attempts: 0, parked: true });
    expect(await queue.getJob(parked!.id)).toBeUndefined();
    await db.query(`DELETE FROM outbox_events WHERE id = $1`, [parked!.id]);
  });

  it('releases events written while their topic awaited a handler, once a handler exists', async () => {
    // As if written before the probe's handler existed: parked at 'infinity'.
    const [probe] = await db.query<{ id: string }>(
      `INSERT INTO system_probes (id) VALUES (gen_random_uuid()) RETURNING id`,
    );
    const [event] = await db.query<{ id: string }>(
      `INSERT INTO outbox_events (id, topic, payload, available_at)
       VALUES (gen_random_uuid(), 'system.probe', jsonb_build_object('probeId', $1::text), 'infinity') RETURNING id`,
      [probe!.id],
    );
    expect(await relayA.app.get(OutboxRelay).releaseAwaiting()).toBeGreaterThanOrEqual(1);
    await eventually(
      async () =>
        (
          await db.query<{ s: Date | null }>(`SELECT sent_at AS s FROM outbox_events WHERE id = $1`, [
            event!.id,
          ])
        )[0]!.s,
      (sent) => sent !== null,
      { what: 'the released event to be sent' },
    );
  });

  it('refuses to start a worker while a topic has no handler', () => {
    const registry = relayA.app.get(HandlerRegistry);
    expect(() => {
      registry.assertComplete();
    }).not.toThrow();
    expect(() => {
      registry.assertComplete([...EVENT_TOPICS, 'case.made_up' as EventTopic]);
    }).toThrow('no handler for topic case.made_up');
  });
});
