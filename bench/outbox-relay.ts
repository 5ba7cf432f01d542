import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Job, Queue, Worker } from 'bullmq';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { Env } from '../src/platform/config';
import { dataSourceOptions } from '../src/platform/database';
import { EventEnvelope, EventTopic, OutboxRelay, OutboxService, TOPICS } from '../src/platform/outbox';
import { defaultJobOptions, QueueName, redisOptionsFromUrl } from '../src/platform/queue';
import { RunningWorker, startWorker, testEnv } from '../test/support/app';
import {
  BenchDatabase,
  CpuMeter,
  CpuUse,
  benchRedisPrefix,
  benchRunId,
  createBenchDatabase,
  describeMachine,
  gitCommit,
  intArg,
  Machine,
  markdownTable,
  mib,
  removeRedisKeys,
  RssSampler,
  sleep,
  summarize,
  Summary,
  writeResults,
  guardRun,
  busyBeforeRun,
} from './support';

/**
 * End-to-end delivery through the outbox (docs/DESIGN.md §5): events written to outbox_events, claimed by the
 * relay of the real WorkerModule, enqueued to BullMQ and handled by the real processor, measured against a
 * bare BullMQ baseline in the same run. See docs/PERFORMANCE.md for how to read the figures.
 *
 *   node -r ./test/support/ts-register.js bench/outbox-relay.ts [--events 20000] [--rate 50]
 *     [--latency-seconds 10] [--writes 5000] [--poll-ms 500] [--time-limit-s 480]
 */

const N = intArg('events', 20_000);
const RATE = intArg('rate', 50);
const LATENCY_SECONDS = intArg('latency-seconds', 10);
const WRITES = intArg('writes', 5_000);
const POLL_MS = intArg('poll-ms', 500, 10);
const TIME_LIMIT_MS = intArg('time-limit-s', 480) * 1000;
const BULK_CHUNK = 1_000;
const WRITE_BLOCKS = 10;
const WARMUP_WRITES = 200;

const startedAt = Date.now();
const deadline = startedAt + TIME_LIMIT_MS;
const runId = benchRunId();
const redisPrefix = benchRedisPrefix(runId);
// testEnv names its Redis prefix after the test run id; every phase below sets its own prefix anyway.
process.env.HAVEN_TEST_RUN_ID = `bench${runId}`;

/**
 * The worker's settings: the production defaults, spelt out so the figures say what they ran with.
 * (LOG_LEVEL is passed as asked, but startWorker logs to its own in-memory logger at debug level.)
 */
const WORKER_SETTINGS: Record<string, string> = {
  LOG_LEVEL: 'warn',
  OUTBOX_POLL_INTERVAL_MS: String(POLL_MS),
  OUTBOX_BATCH_SIZE: '100',
  OUTBOX_MAX_BACKOFF_MS: '30000',
  OUTBOX_REDELIVER_AFTER_MS: '300000',
  JOB_ATTEMPTS: '8',
  JOB_BACKOFF_MS: '2000',
  WORKER_CONCURRENCY: '5',
  DATABASE_POOL_SIZE: '20',
};

const sampler = new RssSampler();
let db: BenchDatabase | undefined;
let writerDs: DataSource | undefined;
const workers: RunningWorker[] = [];
const closables: { close(): Promise<void> }[] = [];

const log = (message: string): void => {
  process.stderr.write(`[${((Date.now() - startedAt) / 1000).toFixed(1)} s] ${message}\n`);
};

function timeLeft(capMs: number): number {
  return Math.min(deadline, Date.now() + capMs);
}

function requireDb(): BenchDatabase {
  if (!db) throw new Error('no benchmark database');
  return db;
}

async function resetTables(): Promise<void> {
  await requireDb().query(`TRUNCATE system_probes, outbox_events, event_receipts, dead_letters`);
}

/**
 * N probes and their system.probe events in one statement, with no relay running: a backlog written over
 * the last N ms, one millisecond apart as separate transactions would be; or, with `sameTime`, all with
 * one timestamp, as events written by a single transaction are (now() is fixed within a transaction).
 */
async function generateBacklog(n: number, withEvents: boolean, sameTime = false): Promise<number> {
  const t = performance.now();
  const d = requireDb();
  if (withEvents) {
    await d.query(
      `WITH p AS (
         INSERT INTO system_probes (id, created_at)
         SELECT gen_random_uuid(), now() - (CASE WHEN $2::bool THEN 0 ELSE $1::int - g END * interval '1 millisecond')
           FROM generate_series(1, $1::int) AS g
         RETURNING id, created_at)
       INSERT INTO outbox_events (id, topic, payload, available_at, created_at)
       SELECT gen_random_uuid(), 'system.probe', jsonb_build_object('probeId', p.id), p.created_at, p.created_at
         FROM p`,
      [n, sameTime],
    );
  } else {
    await d.query(
      `INSERT INTO system_probes (id, created_at)
       SELECT gen_random_uuid(), now() - (($1::int - g) * interval '1 millisecond')
         FROM generate_series(1, $1::int) AS g`,
      [n],
    );
  }
  await d.query(`VACUUM ANALYZE system_probes`);
  await d.query(`VACUUM ANALYZE outbox_events`);
  return performance.now() - t;
}

interface Progress {
  unsent: boolean;
  unhandled: boolean;
  undelivered: boolean;
}

async function progress(): Promise<Progress> {
  const [row] = await requireDb().query<Progress>(
    `SELECT EXISTS (SELECT 1 FROM outbox_events WHERE sent_at IS NULL) AS unsent,
            EXISTS (SELECT 1 FROM system_probes WHERE handled_at IS NULL) AS unhandled,
            EXISTS (SELECT 1 FROM outbox_events WHERE delivered_at IS NULL) AS undelivered`,
  );
  if (!row) throw new Error('no progress row');
  return row;
}

/** Polls every 50 ms until every event is sent, handled and marked delivered; the times each was first seen. */
async function waitForDelivery(capMs: number): Promise<{ sent: number; handled: number; delivered: number }> {
  const until = timeLeft(capMs);
  let sent = 0;
  let handled = 0;
  let delivered = 0;
  while (!(sent && handled && delivered)) {
    const p = await progress();
    const now = Date.now();
    if (!p.unsent && !sent) sent = now;
    if (!p.unhandled && !handled) handled = now;
    if (!p.undelivered && !delivered) delivered = now;
    if (sent && handled && delivered) break;
    if (now > until) throw new Error(`Timed out: ${JSON.stringify(p)}`);
    await sleep(50);
  }
  return { sent, handled, delivered };
}

interface Check {
  firstSentMs: number;
  probes: number;
  handledOnce: number;
  handledMoreThanOnce: number;
}

async function deliveryCheck(): Promise<Check> {
  const [row] = await requireDb().query<Check>(
    `SELECT (SELECT extract(epoch FROM min(sent_at)) * 1000 FROM outbox_events)::float8 AS "firstSentMs",
            count(*)::int AS probes,
            count(*) FILTER (WHERE deliveries = 1)::int AS "handledOnce",
            count(*) FILTER (WHERE deliveries > 1)::int AS "handledMoreThanOnce"
       FROM system_probes`,
  );
  if (!row) throw new Error('no check row');
  return row;
}

function workerEnv(url: string, phase: string, extra: Record<string, string> = {}): Env {
  return testEnv(url, { ...WORKER_SETTINGS, REDIS_KEY_PREFIX: `${redisPrefix}-${phase}`, ...extra });
}

/** The relay's claim, word for word from OutboxRelay.relayBatch ($2: the topics that have a handler). */
const CLAIM_SQL = `SELECT id, topic, payload, attempts, created_at FROM outbox_events
          WHERE sent_at IS NULL AND available_at <= now() AND topic = ANY($2::text[])
          ORDER BY available_at, created_at, id
          LIMIT $1 FOR UPDATE SKIP LOCKED`;

/** A topic written now whose handler comes later: its events wait in the outbox, never claimed. */
const PARKED_TOPIC: EventTopic | undefined = (Object.keys(TOPICS) as EventTopic[]).find(
  (t) => TOPICS[t].awaitingHandlerFrom,
);

export interface LockWaits {
  samples: number;
  /** Sessions of the benchmark database waiting on a lock, averaged over the samples. */
  meanWaiting: number;
  maxWaiting: number;
  /** Share of samples in which at least one session waited on a lock. */
  shareWithWaits: number;
  /** What the waiting sessions were running (first words of the statement), by number of sightings. */
  statements: Record<string, number>;
}

/** Samples pg_stat_activity every 100 ms for sessions of the benchmark database waiting on a lock. */
class LockWaitSampler {
  private counts: number[] = [];
  private statements: Record<string, number> = {};
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  start(): void {
    this.counts = [];
    this.statements = {};
    this.timer = setInterval(() => {
      void this.sample();
    }, 100);
    this.timer.unref();
  }

  stop(): LockWaits {
    if (this.timer) clearInterval(this.timer);
    const n = this.counts.length;
    return {
      samples: n,
      meanWaiting: n ? Math.round((this.counts.reduce((s, v) => s + v, 0) / n) * 100) / 100 : 0,
      maxWaiting: Math.max(0, ...this.counts),
      shareWithWaits: n ? Math.round((this.counts.filter((c) => c > 0).length / n) * 100) / 100 : 0,
      statements: this.statements,
    };
  }

  private async sample(): Promise<void> {
    if (this.busy || !db) return;
    this.busy = true;
    try {
      const rows = await db.query<{ q: string }>(
        `SELECT regexp_replace(left(query, 60), '\\s+', ' ', 'g') AS q FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      this.counts.push(rows.length);
      for (const r of rows) this.statements[r.q] = (this.statements[r.q] ?? 0) + 1;
    } catch {
      // A failed sample is left out; the benchmark goes on.
    } finally {
      this.busy = false;
    }
  }
}

const lockWaits = new LockWaitSampler();

interface RelayOnlyResult {
  events: number;
  sentAfterMs: number;
  relayEventsPerSecond: number;
  ticks: number;
  cpu: CpuUse;
}

/** The relay alone (processors off): how fast rows go from PostgreSQL to Redis with nothing else running. */
async function relayOnly(): Promise<RelayOnlyResult> {
  await resetTables();
  await generateBacklog(N, true);
  const env = workerEnv(requireDb().url, 'relay');
  const cpu = new CpuMeter();
  const running = await startWorker(env, { relay: true, processors: false });
  workers.push(running);
  const until = timeLeft(120_000);
  for (;;) {
    const [r] = await requireDb().query<{ left: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM outbox_events WHERE sent_at IS NULL) AS left`,
    );
    if (r && !r.left) break;
    if (Date.now() > until) throw new Error('relay only: timed out');
    await sleep(50);
  }
  const done = Date.now();
  const cpuUse = cpu.stop();
  const check = await deliveryCheck();
  const stats = running.app.get(OutboxRelay).stats;
  await closeWorkers([running]);
  const sentAfterMs = done - check.firstSentMs;
  return {
    events: N,
    sentAfterMs: Math.round(sentAfterMs),
    relayEventsPerSecond: Math.round(N / (sentAfterMs / 1000)),
    ticks: stats.ticks,
    cpu: cpuUse,
  };
}

interface ClaimCost {
  backlog: number;
  /** Median of 20 claims of 100 rows, each in a transaction rolled back, ms. */
  spreadTimestampsMs: number;
  sameTimestampMs: number;
  /** 1,000 claimable events behind N older events of a topic that has no handler yet (null: no such topic). */
  parkedTopic: string | null;
  behindParkedMs: number | null;
}

/**
 * The cost of one claim over a backlog of N: with distinct timestamps, and with one timestamp for all
 * (the ORDER BY's last key, id, is not in the pending index, so equal timestamps mean sorting them all);
 * and with N older events of a topic still awaiting its handler, which the claim must step over.
 */
async function claimCost(): Promise<ClaimCost> {
  const medianOf = async (): Promise<number> => {
    const times: number[] = [];
    const client = await requireDb().pool.connect();
    try {
      for (let i = 0; i < 20; i++) {
        await client.query('BEGIN');
        const t = performance.now();
        await client.query(CLAIM_SQL, [100, ['system.probe']]);
        times.push(performance.now() - t);
        await client.query('ROLLBACK');
      }
    } finally {
      client.release();
    }
    return Math.round(summarize(times).p50 * 100) / 100;
  };
  await resetTables();
  await generateBacklog(N, true, false);
  const spreadTimestampsMs = await medianOf();
  await resetTables();
  await generateBacklog(N, true, true);
  const sameTimestampMs = await medianOf();
  let behindParkedMs: number | null = null;
  if (PARKED_TOPIC) {
    await resetTables();
    // Parked an hour ago, one millisecond apart; their payload is never read by the claim.
    await requireDb().query(
      `INSERT INTO outbox_events (id, topic, payload, available_at, created_at)
       SELECT gen_random_uuid(), $2, '{}'::jsonb, t, t
         FROM generate_series(1, $1::int) AS g,
              LATERAL (SELECT now() - interval '1 hour' - (($1::int - g) * interval '1 millisecond') AS t) AS x`,
      [N, PARKED_TOPIC],
    );
    await generateBacklog(1_000, true, false);
    behindParkedMs = await medianOf();
  }
  return {
    backlog: N,
    spreadTimestampsMs,
    sameTimestampMs,
    parkedTopic: PARKED_TOPIC ?? null,
    behindParkedMs,
  };
}

interface ThroughputResult {
  workers: number;
  events: number;
  generateMs: number;
  startupMs: number;
  /** From the first claim (min(sent_at)) to the last event sent, handled, marked delivered. */
  sentAfterMs: number;
  handledAfterMs: number;
  deliveredAfterMs: number;
  relayEventsPerSecond: number;
  endToEndEventsPerSecond: number;
  relayTicks: number;
  relayEnqueued: number;
  handledOnce: number;
  handledMoreThanOnce: number;
  lockWaits: LockWaits;
  cpu: CpuUse;
  peakRssMiB: number;
}

/** A backlog of N events, then `count` workers started at once; keeps them running for the caller. */
async function throughput(
  count: number,
  phase: string,
): Promise<{ result: ThroughputResult; running: RunningWorker[] }> {
  await resetTables();
  const generateMs = await generateBacklog(N, true);
  log(`${phase}: ${N} events generated in ${Math.round(generateMs)} ms; starting ${count} worker(s)`);
  sampler.phase();
  const env = workerEnv(requireDb().url, phase);
  const t0 = Date.now();
  lockWaits.start();
  const cpu = new CpuMeter();
  const running = await Promise.all(Array.from({ length: count }, () => startWorker(env)));
  workers.push(...running);
  const startupMs = Date.now() - t0;
  const done = await waitForDelivery(240_000);
  const waits = lockWaits.stop();
  const cpuUse = cpu.stop();
  const check = await deliveryCheck();
  const relays = running.map((w) => w.app.get(OutboxRelay).stats);
  const sentAfterMs = done.sent - check.firstSentMs;
  const handledAfterMs = done.handled - check.firstSentMs;
  const result: ThroughputResult = {
    workers: count,
    events: N,
    generateMs: Math.round(generateMs),
    startupMs,
    sentAfterMs: Math.round(sentAfterMs),
    handledAfterMs: Math.round(handledAfterMs),
    deliveredAfterMs: Math.round(done.delivered - check.firstSentMs),
    relayEventsPerSecond: Math.round(N / (sentAfterMs / 1000)),
    endToEndEventsPerSecond: Math.round(N / (handledAfterMs / 1000)),
    relayTicks: relays.reduce((s, r) => s + r.ticks, 0),
    relayEnqueued: relays.reduce((s, r) => s + r.enqueued, 0),
    handledOnce: check.handledOnce,
    handledMoreThanOnce: check.handledMoreThanOnce,
    lockWaits: waits,
    cpu: cpuUse,
    peakRssMiB: mib(sampler.phase()),
  };
  log(`${phase}: relay ${result.relayEventsPerSecond}/s, end-to-end ${result.endToEndEventsPerSecond}/s`);
  if (check.handledOnce !== N)
    throw new Error(`${phase}: ${check.handledOnce} of ${N} probes handled exactly once`);
  return { result, running };
}

interface LatencyResult {
  ratePerSecond: number;
  seconds: number;
  events: number;
  /** Outbox write (created_at) → handled_at, ms. */
  total: { mean: number; p50: number; p95: number; p99: number; max: number };
  /** created_at → sent_at: waiting for the relay's next poll. */
  toSent: { p50: number; p95: number; p99: number };
  /** sent_at → handled_at: Redis, BullMQ pick-up and the handler. */
  sentToHandled: { p50: number; p95: number; p99: number };
  peakRssMiB: number;
}

/** Single events at a steady rate while the worker idles; latency from the rows' own timestamps. */
async function latency(outbox: OutboxService, ds: DataSource): Promise<LatencyResult> {
  sampler.phase();
  const total = RATE * LATENCY_SECONDS;
  const ids: string[] = [];
  const t0 = Date.now();
  for (let i = 0; i < total && Date.now() < deadline; i++) {
    const wait = t0 + (i * 1000) / RATE - Date.now();
    if (wait > 0) await sleep(wait);
    const probeId = randomUUID();
    await ds.transaction(async (m) => {
      await m.query(`INSERT INTO system_probes (id) VALUES ($1)`, [probeId]);
      await outbox.write(m, 'system.probe', { probeId });
    });
    ids.push(probeId);
  }
  const until = timeLeft(60_000);
  for (;;) {
    const [r] = await requireDb().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM system_probes WHERE id = ANY($1::uuid[]) AND handled_at IS NOT NULL`,
      [ids],
    );
    if (r?.n === ids.length) break;
    if (Date.now() > until) throw new Error(`latency: ${r?.n ?? 0} of ${ids.length} handled in time`);
    await sleep(100);
  }
  const [row] = await requireDb().query<Record<string, number>>(
    `WITH x AS (
       SELECT extract(epoch FROM p.handled_at - e.created_at) * 1000 AS total,
              extract(epoch FROM e.sent_at - e.created_at) * 1000 AS to_sent,
              extract(epoch FROM p.handled_at - e.sent_at) * 1000 AS sent_to_handled
         FROM outbox_events e JOIN system_probes p ON p.id = (e.payload->>'probeId')::uuid
        WHERE p.id = ANY($1::uuid[]))
     SELECT count(*)::int AS n, avg(total)::float8 AS mean, max(total)::float8 AS max,
            percentile_disc(0.50) WITHIN GROUP (ORDER BY total)::float8 AS p50,
            percentile_disc(0.95) WITHIN GROUP (ORDER BY total)::float8 AS p95,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY total)::float8 AS p99,
            percentile_disc(0.50) WITHIN GROUP (ORDER BY to_sent)::float8 AS s50,
            percentile_disc(0.95) WITHIN GROUP (ORDER BY to_sent)::float8 AS s95,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY to_sent)::float8 AS s99,
            percentile_disc(0.50) WITHIN GROUP (ORDER BY sent_to_handled)::float8 AS h50,
            percentile_disc(0.95) WITHIN GROUP (ORDER BY sent_to_handled)::float8 AS h95,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY sent_to_handled)::float8 AS h99
       FROM x`,
    [ids],
  );
  if (!row) throw new Error('no latency row');
  const r1 = (v: number | undefined): number => Math.round((v ?? Number.NaN) * 10) / 10;
  return {
    ratePerSecond: RATE,
    seconds: LATENCY_SECONDS,
    events: row.n ?? 0,
    total: { mean: r1(row.mean), p50: r1(row.p50), p95: r1(row.p95), p99: r1(row.p99), max: r1(row.max) },
    toSent: { p50: r1(row.s50), p95: r1(row.s95), p99: r1(row.s99) },
    sentToHandled: { p50: r1(row.h50), p95: r1(row.h95), p99: r1(row.h99) },
    peakRssMiB: mib(sampler.phase()),
  };
}

interface BaselineResult {
  jobs: number;
  /** No worker: N jobs added one `queue.add` at a time, as the relay does. */
  sequentialAddJobsPerSecond: number;
  /** No worker: N jobs in `addBulk` calls of 100 (the relay's batch size). */
  addBulk100JobsPerSecond: number;
  /** With the bare worker running: N jobs in `addBulk` calls of 1,000, then until all are handled. */
  addBulkMs: number;
  handledAfterMs: number;
  enqueueJobsPerSecond: number;
  endToEndJobsPerSecond: number;
  cpu: CpuUse;
  peakRssMiB: number;
}

function envelope(probeId: string): EventEnvelope<'system.probe'> {
  return {
    eventId: probeId,
    topic: 'system.probe',
    payload: { probeId },
    occurredAt: new Date().toISOString(),
  };
}

/**
 * The same N jobs straight into BullMQ and a bare BullMQ worker doing the handler's one UPDATE per job:
 * no outbox, no receipts, no Nest. Same job options, same concurrency, same pool size.
 */
async function bareBullmq(env: Env): Promise<BaselineResult> {
  await resetTables();
  await generateBacklog(N, false);
  sampler.phase();
  const ids = (
    await requireDb().query<{ id: string }>(`SELECT id FROM system_probes ORDER BY created_at`)
  ).map((r) => r.id);
  const connection = { ...redisOptionsFromUrl(env.REDIS_URL), maxRetriesPerRequest: null };
  const opts = defaultJobOptions(env);

  // Enqueue only (no worker), to split the relay's time between Redis and the rest.
  const enqueueOnly = new Queue(QueueName.Maintenance, { connection, prefix: `${redisPrefix}-enqueue` });
  closables.push(enqueueOnly);
  await enqueueOnly.waitUntilReady();
  let t = performance.now();
  for (const id of ids) {
    if (Date.now() > deadline) throw new Error('time limit reached while adding jobs');
    await enqueueOnly.add('system.probe', envelope(id), { ...opts, jobId: `seq-${id}` });
  }
  const sequentialMs = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < ids.length; i += 100) {
    await enqueueOnly.addBulk(
      ids
        .slice(i, i + 100)
        .map((id) => ({ name: 'system.probe', data: envelope(id), opts: { ...opts, jobId: `bulk-${id}` } })),
    );
  }
  const bulk100Ms = performance.now() - t;
  await enqueueOnly.close();
  log(
    `bullmq: sequential add ${Math.round(N / (sequentialMs / 1000))}/s, addBulk(100) ${Math.round(N / (bulk100Ms / 1000))}/s`,
  );

  const pool = new Pool({
    connectionString: requireDb().url,
    max: env.DATABASE_POOL_SIZE,
    application_name: 'haven-bench-bare',
  });
  closables.push({ close: () => pool.end() });
  const prefix = `${redisPrefix}-bare`;
  const queue = new Queue(QueueName.Maintenance, { connection, prefix });
  closables.push(queue);
  const worker = new Worker(
    QueueName.Maintenance,
    async (job: Job<EventEnvelope<'system.probe'>>) => {
      await pool.query(
        `UPDATE system_probes SET handled_at = now(), deliveries = deliveries + 1 WHERE id = $1`,
        [job.data.payload.probeId],
      );
    },
    { connection, prefix, concurrency: env.WORKER_CONCURRENCY },
  );
  closables.push(worker);
  await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
  const cpu = new CpuMeter();
  const t0 = Date.now();
  for (let i = 0; i < ids.length; i += BULK_CHUNK) {
    await queue.addBulk(
      ids
        .slice(i, i + BULK_CHUNK)
        .map((id) => ({ name: 'system.probe', data: envelope(id), opts: { ...opts, jobId: id } })),
    );
  }
  const tAdded = Date.now();
  const until = timeLeft(240_000);
  for (;;) {
    const [r] = await requireDb().query<{ left: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM system_probes WHERE handled_at IS NULL) AS left`,
    );
    if (r && !r.left) break;
    if (Date.now() > until) throw new Error('bare BullMQ: timed out');
    await sleep(50);
  }
  const handledAfterMs = Date.now() - t0;
  const cpuUse = cpu.stop();
  await worker.close();
  await queue.close();
  await pool.end();
  closables.length = 0;
  const check = await deliveryCheck();
  if (check.handledOnce !== N)
    throw new Error(`bare BullMQ: ${check.handledOnce} of ${N} handled exactly once`);
  return {
    jobs: N,
    sequentialAddJobsPerSecond: Math.round(N / (sequentialMs / 1000)),
    addBulk100JobsPerSecond: Math.round(N / (bulk100Ms / 1000)),
    addBulkMs: tAdded - t0,
    handledAfterMs,
    enqueueJobsPerSecond: Math.round(N / ((tAdded - t0) / 1000)),
    endToEndJobsPerSecond: Math.round(N / (handledAfterMs / 1000)),
    cpu: cpuUse,
    peakRssMiB: mib(sampler.phase()),
  };
}

interface WriteResult {
  transactions: number;
  withOutboxMs: Summary;
  withoutOutboxMs: Summary;
}

/**
 * The write side: one transaction per event through OutboxService.write, against the same business
 * INSERT without the outbox row. Alternating blocks, after a warm-up, so drift hits both alike.
 */
async function writeSide(outbox: OutboxService, ds: DataSource): Promise<WriteResult> {
  await resetTables();
  const plain = async (): Promise<void> => {
    await ds.transaction(async (m) => {
      await m.query(`INSERT INTO system_probes (id) VALUES ($1)`, [randomUUID()]);
    });
  };
  const withOutbox = async (): Promise<void> => {
    await ds.transaction(async (m) => {
      const probeId = randomUUID();
      await m.query(`INSERT INTO system_probes (id) VALUES ($1)`, [probeId]);
      await outbox.write(m, 'system.probe', { probeId });
    });
  };
  for (let i = 0; i < WARMUP_WRITES; i++) {
    await plain();
    await withOutbox();
  }
  const a: number[] = [];
  const b: number[] = [];
  const perBlock = Math.ceil(WRITES / WRITE_BLOCKS);
  for (let block = 0; block < WRITE_BLOCKS; block++) {
    const order: [() => Promise<void>, number[]][] =
      block % 2 === 0
        ? [
            [plain, a],
            [withOutbox, b],
          ]
        : [
            [withOutbox, b],
            [plain, a],
          ];
    for (const [fn, into] of order) {
      for (let i = 0; i < perBlock && into.length < WRITES; i++) {
        if (Date.now() > deadline) throw new Error('time limit reached in the write-side phase');
        const t = performance.now();
        await fn();
        into.push(performance.now() - t);
      }
    }
  }
  const round = (s: Summary): Summary => ({
    count: s.count,
    mean: Math.round(s.mean * 1000) / 1000,
    p50: Math.round(s.p50 * 1000) / 1000,
    p95: Math.round(s.p95 * 1000) / 1000,
    p99: Math.round(s.p99 * 1000) / 1000,
    max: Math.round(s.max * 1000) / 1000,
  });
  return { transactions: WRITES, withOutboxMs: round(summarize(b)), withoutOutboxMs: round(summarize(a)) };
}

async function closeWorkers(list: RunningWorker[]): Promise<void> {
  for (const w of list) {
    const i = workers.indexOf(w);
    if (i >= 0) workers.splice(i, 1);
    await Promise.race([w.close(), sleep(20_000)]).catch((e: unknown) => {
      log(`worker close failed: ${String(e)}`);
    });
  }
}

let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  sampler.stop();
  await closeWorkers([...workers]);
  for (const c of closables.splice(0)) await Promise.race([c.close(), sleep(10_000)]).catch(() => undefined);
  await writerDs?.destroy().catch(() => undefined);
  await db?.drop().catch((e: unknown) => {
    log(`could not drop ${db?.name ?? '-'}: ${String(e)}`);
  });
  const removed = await removeRedisKeys(redisPrefix).catch((e: unknown) => {
    log(`could not remove Redis keys ${redisPrefix}*: ${String(e)}`);
    return 0;
  });
  log(`cleaned up: database ${db?.name ?? '-'} dropped, ${removed} Redis keys removed`);
}

const f0 = (n: number): string => Math.round(n).toLocaleString('en-US');
const f1 = (n: number): string => n.toFixed(1);
const f2 = (n: number): string => n.toFixed(2);

function report(r: {
  machine: Machine;
  relay: RelayOnlyResult;
  claim: ClaimCost;
  one: ThroughputResult;
  two: ThroughputResult;
  lat: LatencyResult;
  bare: BaselineResult;
  writes: WriteResult;
  rssStartMiB: number;
  rssPeakMiB: number;
}): string {
  const { relay, claim, one, two, lat, bare, writes } = r;
  const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
  const cpu = (c: CpuUse): string => `${c.machineBusyPercent} / ${c.processPercentOfOneCore}`;
  const waits = (w: LockWaits): string =>
    `${f2(w.meanWaiting)} / ${w.maxWaiting} (${f0(w.shareWithWaits * 100)} %)`;
  return markdownTable([
    ['Measure', 'Outbox (Haven worker)', 'Baseline, same run', 'Outbox ÷ baseline'],
    [
      `Relay alone, processors off (events/s)`,
      f0(relay.relayEventsPerSecond),
      `no worker: one \`queue.add\` at a time ${f0(bare.sequentialAddJobsPerSecond)}; \`addBulk\` of 100 ${f0(bare.addBulk100JobsPerSecond)}`,
      ratio(relay.relayEventsPerSecond, bare.sequentialAddJobsPerSecond),
    ],
    [
      `Relay with processors, 1 worker / 2 workers (events/s)`,
      `${f0(one.relayEventsPerSecond)} / ${f0(two.relayEventsPerSecond)}`,
      `bare \`addBulk\` of 1,000 while the bare worker runs: ${f0(bare.enqueueJobsPerSecond)}`,
      ratio(one.relayEventsPerSecond, bare.enqueueJobsPerSecond),
    ],
    [
      `End-to-end, 1 worker (events/s, ${f0(N)} backlog)`,
      f0(one.endToEndEventsPerSecond),
      `bare BullMQ worker, 1 UPDATE/job: ${f0(bare.endToEndJobsPerSecond)}`,
      ratio(one.endToEndEventsPerSecond, bare.endToEndJobsPerSecond),
    ],
    [
      `End-to-end, 2 workers (events/s)`,
      f0(two.endToEndEventsPerSecond),
      `same`,
      ratio(two.endToEndEventsPerSecond, bare.endToEndJobsPerSecond),
    ],
    [
      `Backlog of ${f0(N)} handled after (s), 1 / 2 workers`,
      `${f1(one.handledAfterMs / 1000)} / ${f1(two.handledAfterMs / 1000)}`,
      f1(bare.handledAfterMs / 1000),
      '',
    ],
    [
      `Latency write → handled at ${lat.ratePerSecond}/s, p50 / p95 / p99 / max (ms)`,
      `${f0(lat.total.p50)} / ${f0(lat.total.p95)} / ${f0(lat.total.p99)} / ${f0(lat.total.max)}`,
      '',
      '',
    ],
    [
      `… of which write → sent (relay poll), p50 / p95 (ms)`,
      `${f0(lat.toSent.p50)} / ${f0(lat.toSent.p95)}`,
      '',
      '',
    ],
    [
      `… of which sent → handled (Redis, BullMQ, handler), p50 / p95 (ms)`,
      `${f1(lat.sentToHandled.p50)} / ${f1(lat.sentToHandled.p95)}`,
      '',
      '',
    ],
    [
      `Write transaction, p50 / mean / p99 (ms, ${f0(writes.transactions)} each)`,
      `${f2(writes.withOutboxMs.p50)} / ${f2(writes.withOutboxMs.mean)} / ${f2(writes.withOutboxMs.p99)}`,
      `same INSERT without outbox row: ${f2(writes.withoutOutboxMs.p50)} / ${f2(writes.withoutOutboxMs.mean)} / ${f2(writes.withoutOutboxMs.p99)}`,
      `p50 ${ratio(writes.withOutboxMs.p50, writes.withoutOutboxMs.p50)}`,
    ],
    [
      `Claim of 100, median (ms): ${f0(claim.backlog)} pending with distinct / equal timestamps; 1,000 pending behind ${f0(claim.backlog)} parked \`${claim.parkedTopic ?? '-'}\``,
      `${f2(claim.spreadTimestampsMs)} / ${f2(claim.sameTimestampMs)}; ${claim.behindParkedMs === null ? 'n/a' : f2(claim.behindParkedMs)}`,
      '',
      '',
    ],
    [
      `CPU: machine busy % / bench process % of one core — relay alone; 1 worker; 2 workers`,
      `${cpu(relay.cpu)}; ${cpu(one.cpu)}; ${cpu(two.cpu)}`,
      `bare BullMQ: ${cpu(bare.cpu)}`,
      '',
    ],
    [
      `Sessions waiting on a lock, mean / max (share of samples), 1 / 2 workers`,
      `${waits(one.lockWaits)}; ${waits(two.lockWaits)}`,
      '',
      '',
    ],
    [
      `Peak RSS of the process (MiB): 1 worker / 2 workers / bare BullMQ`,
      `${f0(one.peakRssMiB)} / ${f0(two.peakRssMiB)}`,
      f0(bare.peakRssMiB),
      `start ${f0(r.rssStartMiB)}, whole run ${f0(r.rssPeakMiB)}`,
    ],
  ]);
}

async function main(): Promise<void> {
  guardRun(TIME_LIMIT_MS, cleanup, log);

  sampler.start(100);
  const rssStartMiB = mib(process.memoryUsage().rss);
  // Other work on the machine skews every figure: measure how busy it is before starting, and say so.
  const busyBefore = await busyBeforeRun(log);
  const machine = await describeMachine();
  log(
    `run ${runId}: ${N} events, ${machine.cpus}× ${machine.cpuModel}, PostgreSQL ${machine.postgres}, Redis ${machine.redis}`,
  );
  db = await createBenchDatabase(runId);
  log(`database ${db.name} migrated`);
  writerDs = new DataSource(
    dataSourceOptions({ url: db.url, poolSize: 4, applicationName: 'haven-bench-writer' }),
  );
  await writerDs.initialize();
  const outbox = new OutboxService(writerDs);

  log('relay alone');
  const relay = await relayOnly();
  log(`relay alone: ${relay.relayEventsPerSecond}/s`);

  const { result: one, running } = await throughput(1, 'w1');
  log('latency: steady writes while the worker idles');
  const lat = await latency(outbox, writerDs);
  log(`latency p50 ${lat.total.p50} ms, p99 ${lat.total.p99} ms`);
  await closeWorkers(running);

  const { result: two, running: pair } = await throughput(2, 'w2');
  await closeWorkers(pair);

  log('bare BullMQ baseline');
  const bare = await bareBullmq(workerEnv(db.url, 'bare'));
  log(`bare BullMQ: enqueue ${bare.enqueueJobsPerSecond}/s, end-to-end ${bare.endToEndJobsPerSecond}/s`);

  log('write side');
  const writes = await writeSide(outbox, writerDs);
  log(
    `write: with outbox ${writes.withOutboxMs.mean.toFixed(3)} ms, without ${writes.withoutOutboxMs.mean.toFixed(3)} ms`,
  );

  log('claim query');
  const claim = await claimCost();
  log(
    `claim: ${claim.spreadTimestampsMs} ms (distinct timestamps), ${claim.sameTimestampMs} ms (one timestamp), ${String(claim.behindParkedMs)} ms (behind parked events)`,
  );

  sampler.stop();
  const results = {
    benchmark: 'outbox-relay',
    runId,
    date: new Date().toISOString(),
    command:
      `node -r ./test/support/ts-register.js bench/outbox-relay.ts ${process.argv.slice(2).join(' ')}`.trim(),
    machine,
    commit: gitCommit(),
    machineBusyBeforeRunPercent: busyBefore,
    settings: { events: N, rate: RATE, latencySeconds: LATENCY_SECONDS, writes: WRITES, ...WORKER_SETTINGS },
    relayOnly: relay,
    claimQuery: claim,
    oneWorker: one,
    twoWorkers: two,
    latency: lat,
    bareBullmq: bare,
    writeSide: writes,
    rss: { startMiB: rssStartMiB, peakMiB: mib(sampler.peakBytes) },
    durationSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
  };
  const table = report({
    machine,
    relay,
    claim,
    one,
    two,
    lat,
    bare,
    writes,
    rssStartMiB,
    rssPeakMiB: results.rss.peakMiB,
  });
  await cleanup();
  const file = writeResults('outbox-relay', results);
  process.stdout.write(
    `\n## Outbox relay (${results.date}, ${results.durationSeconds} s)\n\n` +
      `Commit: ${results.commit}; machine ${busyBefore} % busy in the 2 s before the run\n` +
      `Machine: ${machine.cpus}× ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, ${machine.os}; ` +
      `Node ${machine.node}; PostgreSQL ${machine.postgres}; Redis ${machine.redis}\n` +
      `Settings: ${N} events; OUTBOX_POLL_INTERVAL_MS=${POLL_MS}, OUTBOX_BATCH_SIZE=100, WORKER_CONCURRENCY=5, ` +
      `DATABASE_POOL_SIZE=20\n\n${table}\n\nJSON: ${file}\n`,
  );
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await Promise.race([cleanup(), sleep(30_000)]);
    process.exit(1);
  },
);
