import 'reflect-metadata';
import { execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { createLogger } from '../src/platform/logging';
import { decodeCursor } from '../src/platform/http';
import { dueRange, DueWindow } from '../src/modules/followups/domain/worklist-window';
import {
  FollowUpWorklistRepository,
  WorklistScope,
} from '../src/modules/followups/follow-up-worklist.repository';
import { DEFAULT_TEST_PASSWORD } from '../test/factories/identity';
import { RunningApi, startApi, testEnv } from '../test/support/app';
import { signIn } from '../test/support/auth';
import { databaseUrl } from '../test/support/services';
import { benchCrypto, generateCases, GenerateResult } from './generate';
import {
  argValue,
  BenchDatabase,
  benchRedisPrefix,
  benchRunId,
  CpuMeter,
  createBenchDatabase,
  describeMachine,
  gitCommit,
  intArg,
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
 * The worklist (issue 6): GET /api/v1/follow-ups through the real API (startApi, NODE_ENV test, LOG_LEVEL
 * warn) on a database filled by bench/generate with cases and follow-ups, beside the same SQL run bare
 * through pg in the same run. Counsellors ask scope=mine for due=today|overdue|week, supervisors
 * scope=organization; first pages (limit 50) and second pages through nextCursor. Each scenario runs a
 * fixed number of requests at a fixed concurrency (closed loop) after a warm-up: HTTP from a child process
 * (keep-alive node:http), then bare pg from this process with the statement that
 * FollowUpWorklistRepository.worklistStatement builds for the same user, window and cursor — the endpoint's own
 * builder, and the bench checks that the text matches what the API sent.
 *
 *   node -r ./test/support/ts-register.js bench/worklist.ts [--cases 1000000] [--follow-ups 3000000]
 *     [--counsellors 2000] [--database NAME_OR_URL] [--keep] [--concurrency 8] [--requests 2000]
 *     [--warmup 200] [--users 16] [--supervisors 5] [--limit 50] [--time-limit-s 2400]
 *
 * Without --database it creates haven_bench_<id>, generates the data and drops it at the end unless
 * --keep. With --database it measures that database (generated earlier with --keep, with the test keys)
 * and never drops it.
 */

const CASES = intArg('cases', 1_000_000);
const FOLLOW_UPS = intArg('follow-ups', 3 * CASES, 0);
/** About 200 open cases per counsellor: 39.5 % of the generated cases are open. */
const COUNSELLORS = intArg('counsellors', Math.max(40, Math.round(CASES / 500)));
const CONCURRENCY = intArg('concurrency', 8);
const REQUESTS = intArg('requests', 2000);
const WARMUP = intArg('warmup', 200, 0);
const USERS = intArg('users', 16);
const SUPERVISORS = intArg('supervisors', 5);
const LIMIT = intArg('limit', 50);
const TIME_LIMIT_MS = intArg('time-limit-s', 2400) * 1000;
const GIVEN_DATABASE = argValue('database');
const KEEP = process.argv.includes('--keep');

const API_SETTINGS: Record<string, string> = {
  LOG_LEVEL: 'warn',
  DATABASE_POOL_SIZE: '20',
  AUTH_LOGIN_LIMIT_PER_IP: '10000',
  ACCESS_TOKEN_TTL_SECONDS: '3600',
};

// --- the load client (a child process of this file) ---------------------------------------------------

interface LoadJob {
  url: string;
  concurrency: number;
  requests: { path: string; token: string }[];
}

interface LoadAnswer {
  latencies: number[];
  statuses: Record<string, number>;
  items: number;
  seconds: number;
  cpuPercentOfOneCore: number;
  firstError?: string;
}

async function runLoad(job: LoadJob): Promise<LoadAnswer> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let items = 0;
  let next = 0;
  let firstError: string | undefined;
  const get = (path: string, token: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        `${job.url}${path}`,
        { agent, method: 'GET', headers: { authorization: `Bearer ${token}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    for (;;) {
      const r = job.requests[next++];
      if (!r) return;
      const t = performance.now();
      let status = 'error';
      try {
        const res = await get(r.path, r.token);
        status = String(res.status);
        if (res.status === 200) items += (JSON.parse(res.body) as { items: unknown[] }).items.length;
        else firstError ??= `${res.status} ${res.body.slice(0, 200)}`;
      } catch (e) {
        firstError ??= e instanceof Error ? e.message : String(e);
      }
      latencies.push(performance.now() - t);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, () => worker()));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return {
    latencies,
    statuses,
    items,
    seconds,
    cpuPercentOfOneCore: Math.round(((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100),
    ...(firstError ? { firstError } : {}),
  };
}

function childMain(): void {
  process.on('message', (job: LoadJob) => {
    runLoad(job).then(
      (result) => process.send?.({ result }),
      (e: unknown) => process.send?.({ error: e instanceof Error ? e.message : String(e) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

// --- the benchmark -------------------------------------------------------------------------------------

const startedAt = Date.now();
const runId = benchRunId();
const redisPrefix = benchRedisPrefix(runId);
process.env.HAVEN_TEST_RUN_ID = `bench${runId}`;
const sampler = new RssSampler();
let db: BenchDatabase | undefined;
let api: RunningApi | undefined;
let barePool: Pool | undefined;
let child: ReturnType<typeof fork> | undefined;

const log = (message: string): void => {
  process.stderr.write(`[${((Date.now() - startedAt) / 1000).toFixed(1)} s] ${message}\n`);
};

/** Lines the API logged at warn and above: counted, the first few kept (they carry no personal data). */
const apiLog = { lines: 0, first: [] as string[] };
const sink = new Writable({
  write(chunk: Buffer, _enc, cb) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      apiLog.lines++;
      if (apiLog.first.length < 5) apiLog.first.push(line.slice(0, 400));
    }
    cb();
  },
});

/** Every statement any pg client of this process sends while on (TypeORM's pool included). */
const statements = (() => {
  let on = false;
  let count = 0;
  let captured: { sql: string; params: unknown[] }[] = [];
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function counted(this: unknown, ...args: unknown[]): unknown {
    if (on) {
      count++;
      const [first, second] = args;
      if (typeof first === 'string')
        captured.push({ sql: first, params: Array.isArray(second) ? second : [] });
      else if (first && typeof first === 'object' && 'text' in first) {
        const q = first as { text: string; values?: unknown[] };
        captured.push({ sql: q.text, params: q.values ?? (Array.isArray(second) ? second : []) });
      }
    }
    return original.apply(this, args);
  };
  return {
    start(): void {
      count = 0;
      captured = [];
      on = true;
    },
    stop(): { count: number; captured: { sql: string; params: unknown[] }[] } {
      on = false;
      return { count, captured };
    },
  };
})();

/** CPU time (ms) used so far by the PostgreSQL backends connected to the bench database (from /proc). */
async function backendCpuMs(url: string): Promise<Map<number, number>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  let pids: number[];
  try {
    const r = await c.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    pids = r.rows.map((x) => x.pid);
  } finally {
    await c.end();
  }
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime + stime in clock ticks (USER_HZ = 100 on Linux): 10 ms each.
      out.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // the backend ended, or /proc is not readable: left out
    }
  }
  return out;
}

const cpuDelta = (a: Map<number, number>, b: Map<number, number>): number => {
  let ms = 0;
  for (const [pid, v] of b) ms += v - (a.get(pid) ?? v);
  return ms;
};

interface BenchUser {
  id: string;
  username: string;
  roles: string[];
  organizationId: string;
  token: string;
}

interface Scenario {
  name: string;
  scope: WorklistScope;
  due: DueWindow;
  page: 1 | 2;
  users: BenchUser[];
  /** The cursor of page 2, per user id (users without one are left out of page-2 scenarios). */
  cursors: Map<string, string>;
}

interface PhaseFigures {
  /** Every measured latency (ms); left out of the JSON. */
  latencies?: number[];
  requests: number;
  seconds: number;
  perSecond: number;
  latencyMs: Summary;
  statuses: Record<string, number>;
  itemsPerAnswer: number;
  statementsPerRequest: number;
  nodeCpuMsPerRequest: number;
  postgresCpuMsPerRequest: number;
  machineBusyPercent: number;
  clientCpuPercentOfOneCore?: number;
  rssPeakMiB: number;
  firstError?: string;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const round2s = (s: Summary): Summary => ({
  count: s.count,
  mean: round2(s.mean),
  p50: round2(s.p50),
  p95: round2(s.p95),
  p99: round2(s.p99),
  max: round2(s.max),
});

function pathOf(s: Scenario, u: BenchUser): string {
  const cursor = s.page === 2 ? s.cursors.get(u.id) : undefined;
  return (
    `/api/v1/follow-ups?scope=${s.scope}&due=${s.due}&limit=${LIMIT}` +
    (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '')
  );
}

function sendToChild(job: LoadJob): Promise<LoadAnswer> {
  const c = child;
  if (!c) throw new Error('no load client');
  return new Promise((resolve, reject) => {
    const onMessage = (m: { result?: LoadAnswer; error?: string }): void => {
      c.off('exit', onExit);
      if (m.result) resolve(m.result);
      else reject(new Error(`load client failed: ${m.error ?? 'unknown'}`));
    };
    const onExit = (code: number | null): void => {
      reject(new Error(`load client exited with ${String(code)}`));
    };
    c.once('message', onMessage);
    c.once('exit', onExit);
    c.send(job);
  });
}

/** The users of a scenario in turn, `n` requests. */
const rotation = <T>(list: readonly T[], n: number): T[] =>
  Array.from({ length: n }, (_, i) => list[i % list.length] as T);

async function httpPhase(s: Scenario, url: string): Promise<PhaseFigures> {
  const apiUrl = api?.url ?? '';
  const job = (n: number): LoadJob => ({
    url: apiUrl,
    concurrency: CONCURRENCY,
    requests: rotation(s.users, n).map((u) => ({ path: pathOf(s, u), token: u.token })),
  });
  if (WARMUP > 0) await sendToChild(job(WARMUP));
  const pg0 = await backendCpuMs(url);
  const cpu = new CpuMeter();
  const proc0 = process.cpuUsage();
  sampler.phase();
  statements.start();
  const r = await sendToChild(job(REQUESTS));
  const st = statements.stop();
  const proc = process.cpuUsage(proc0);
  const machine = cpu.stop();
  const rss = sampler.phase();
  const pg1 = await backendCpuMs(url);
  const ok = r.statuses['200'] ?? 0;
  return {
    requests: r.latencies.length,
    seconds: round2(r.seconds),
    perSecond: Math.round(r.latencies.length / r.seconds),
    latencies: r.latencies,
    latencyMs: round2s(summarize(r.latencies)),
    statuses: r.statuses,
    itemsPerAnswer: ok ? round2(r.items / ok) : 0,
    statementsPerRequest: round2(st.count / r.latencies.length),
    nodeCpuMsPerRequest: round2((proc.user + proc.system) / 1000 / r.latencies.length),
    postgresCpuMsPerRequest: round2(cpuDelta(pg0, pg1) / r.latencies.length),
    machineBusyPercent: machine.machineBusyPercent,
    clientCpuPercentOfOneCore: r.cpuPercentOfOneCore,
    rssPeakMiB: mib(rss),
    ...(r.firstError ? { firstError: r.firstError } : {}),
  };
}

async function barePhase(
  s: Scenario,
  queries: FollowUpWorklistRepository,
  url: string,
): Promise<PhaseFigures> {
  const pool = barePool;
  if (!pool) throw new Error('no bare pool');
  const run = async (n: number): Promise<{ latencies: number[]; items: number; errors: string[] }> => {
    const list = rotation(s.users, n);
    let next = 0;
    let items = 0;
    const latencies: number[] = [];
    const errors: string[] = [];
    const worker = async (): Promise<void> => {
      for (;;) {
        const u = list[next++];
        if (!u) return;
        const t = performance.now();
        try {
          const st = queries.worklistStatement(
            u,
            s.scope,
            dueRange(s.due, new Date()),
            decodeCursor(s.page === 2 ? s.cursors.get(u.id) : undefined, 2),
            LIMIT + 1,
          );
          const res = await pool.query(st.sql, st.params);
          items += Math.min(LIMIT, res.rowCount ?? 0);
        } catch (e) {
          errors.push(e instanceof Error ? e.message : String(e));
        }
        latencies.push(performance.now() - t);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
    return { latencies, items, errors };
  };
  if (WARMUP > 0) await run(WARMUP);
  const pg0 = await backendCpuMs(url);
  const cpu = new CpuMeter();
  const proc0 = process.cpuUsage();
  sampler.phase();
  const t0 = performance.now();
  statements.start();
  const r = await run(REQUESTS);
  const st = statements.stop();
  const seconds = (performance.now() - t0) / 1000;
  const proc = process.cpuUsage(proc0);
  const machine = cpu.stop();
  const rss = sampler.phase();
  const pg1 = await backendCpuMs(url);
  const ok = r.latencies.length - r.errors.length;
  return {
    requests: r.latencies.length,
    seconds: round2(seconds),
    perSecond: Math.round(r.latencies.length / seconds),
    latencies: r.latencies,
    latencyMs: round2s(summarize(r.latencies)),
    statuses: { ok, ...(r.errors.length ? { error: r.errors.length } : {}) },
    itemsPerAnswer: ok ? round2(r.items / ok) : 0,
    statementsPerRequest: round2(st.count / r.latencies.length),
    nodeCpuMsPerRequest: round2((proc.user + proc.system) / 1000 / r.latencies.length),
    postgresCpuMsPerRequest: round2(cpuDelta(pg0, pg1) / r.latencies.length),
    machineBusyPercent: machine.machineBusyPercent,
    rssPeakMiB: mib(rss),
    ...(r.errors[0] ? { firstError: r.errors[0] } : {}),
  };
}

/** One request through the API with statement capture: the worklist SQL the endpoint sent. */
async function endpointStatement(
  s: Scenario,
  u: BenchUser,
): Promise<{ sql: string; params: unknown[] } | undefined> {
  statements.start();
  const res = await fetch(`${api?.url ?? ''}${pathOf(s, u)}`, {
    headers: { authorization: `Bearer ${u.token}` },
  });
  await res.text();
  const st = statements.stop();
  return st.captured.find((q) => /FROM follow_ups f/.test(q.sql));
}

let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  sampler.stop();
  child?.disconnect();
  await barePool?.end().catch(() => undefined);
  await Promise.race([api?.close(), sleep(15_000)]).catch(() => undefined);
  if (db && !KEEP) {
    await db.drop().catch((e: unknown) => {
      log(`could not drop ${db?.name ?? '-'}: ${String(e)}`);
    });
    log(`database ${db.name} dropped`);
  } else if (db) {
    await db.pool.end().catch(() => undefined);
    log(`database ${db.name} kept (--keep): ${db.url}`);
  }
  const removed = await removeRedisKeys(redisPrefix).catch((e: unknown) => {
    log(`could not remove Redis keys ${redisPrefix}*: ${String(e)}`);
    return 0;
  });
  log(`cleaned up: ${removed} Redis keys removed`);
}

/** Test runs of other sessions on the machine (jest processes), which the figures compete with. */
function jestProcesses(): number {
  try {
    return Number(execFileSync('pgrep', ['-fc', 'jest'], { encoding: 'utf8' }).trim()) || 0;
  } catch {
    return 0; // pgrep exits 1 when nothing matches
  }
}

const f0 = (n: number): string => Math.round(n).toLocaleString('en-US');
const f1 = (n: number): string => n.toFixed(1);

async function signInUsers(url: string, role: 'counsellor' | 'supervisor', n: number): Promise<BenchUser[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    // Counsellors at random (md5 of the id: the same ones for the same data); supervisors one per
    // organisation in turn, so that every organisation's list is asked.
    const r = await c.query<{ id: string; username: string; roles: string[]; organization_id: string }>(
      role === 'counsellor'
        ? `SELECT id, username, roles, organization_id FROM users
            WHERE $1 = ANY(roles) AND username LIKE 'gen.%' ORDER BY md5(id::text) LIMIT $2`
        : `SELECT id, username, roles, organization_id FROM (
             SELECT u.*, row_number() OVER (PARTITION BY organization_id ORDER BY username) AS k FROM users u
              WHERE $1 = ANY(roles) AND username LIKE 'gen.%') x
            ORDER BY k, organization_id LIMIT $2`,
      [role, n],
    );
    const out: BenchUser[] = [];
    for (const u of r.rows) {
      const token = (await signIn({ url: api?.url ?? '' }, u.username, DEFAULT_TEST_PASSWORD)).accessToken;
      out.push({ id: u.id, username: u.username, roles: u.roles, organizationId: u.organization_id, token });
    }
    return out;
  } finally {
    await c.end();
  }
}

/** Page 1 of each user through the API: its nextCursor opens page 2. */
async function cursorsOf(
  scope: WorklistScope,
  due: DueWindow,
  users: BenchUser[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const u of users) {
    const res = await fetch(`${api?.url ?? ''}/api/v1/follow-ups?scope=${scope}&due=${due}&limit=${LIMIT}`, {
      headers: { authorization: `Bearer ${u.token}` },
    });
    const body = (await res.json()) as { nextCursor?: string | null };
    if (res.status === 200 && body.nextCursor) out.set(u.id, body.nextCursor);
  }
  return out;
}

async function main(): Promise<void> {
  guardRun(TIME_LIMIT_MS, cleanup, log);
  sampler.start(100);
  const busyBefore = await busyBeforeRun(log);
  const machine = await describeMachine();

  // --- the data ---------------------------------------------------------------------------------------
  let url: string;
  let generated: GenerateResult | undefined;
  let generationSeconds: number | undefined;
  if (GIVEN_DATABASE) {
    url = GIVEN_DATABASE.includes('://') ? GIVEN_DATABASE : databaseUrl(GIVEN_DATABASE);
    log(`measuring the given database ${url}`);
  } else {
    db = await createBenchDatabase(runId);
    url = db.url;
    log(`database ${db.name} migrated; generating ${f0(CASES)} cases and ${f0(FOLLOW_UPS)} follow-ups`);
    const t = performance.now();
    generated = await generateCases(url, benchCrypto(url).crypto, {
      cases: CASES,
      pool: 10_000,
      chunk: 50_000,
      seed: 42,
      deadline: startedAt + TIME_LIMIT_MS,
      counsellors: COUNSELLORS,
      followUps: FOLLOW_UPS,
      log,
    });
    generationSeconds = (performance.now() - t) / 1000;
    log(
      `generated ${f0(generated.totalRows)} rows in ${f1(generated.generateSeconds)} s ` +
        `(+ VACUUM ANALYZE ${f1(generated.analyzeSeconds)} s)`,
    );
  }
  const info = new Client({ connectionString: url });
  await info.connect();
  await info.query('ANALYZE follow_ups; ANALYZE cases; ANALYZE users');
  const [shape] = (
    await info.query<{
      cases: string;
      open_cases: string;
      follow_ups: string;
      open_follow_ups: string;
      counsellors: string;
      supervisors: string;
      db_size: string;
      fu_size: string;
    }>(
      `SELECT (SELECT count(*) FROM cases) AS cases,
              (SELECT count(*) FROM cases WHERE status <> 'closed') AS open_cases,
              (SELECT count(*) FROM follow_ups) AS follow_ups,
              (SELECT count(*) FROM follow_ups WHERE status = 'open') AS open_follow_ups,
              (SELECT count(*) FROM users WHERE 'counsellor' = ANY(roles)) AS counsellors,
              (SELECT count(*) FROM users WHERE 'supervisor' = ANY(roles)) AS supervisors,
              pg_size_pretty(pg_database_size(current_database())) AS db_size,
              pg_size_pretty(pg_total_relation_size('follow_ups')) AS fu_size`,
    )
  ).rows;
  const [perCounsellor] = (
    await info.query<{ p10: number; p50: number; p90: number; open_fu_p50: number }>(
      `SELECT percentile_disc(0.1) WITHIN GROUP (ORDER BY n) AS p10, percentile_disc(0.5) WITHIN GROUP (ORDER BY n) AS p50,
              percentile_disc(0.9) WITHIN GROUP (ORDER BY n) AS p90,
              (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY m) FROM (
                 SELECT count(*) AS m FROM follow_ups WHERE status = 'open' AND assignee_id IS NOT NULL GROUP BY assignee_id) y)
                AS open_fu_p50
         FROM (SELECT count(*) AS n FROM cases WHERE status <> 'closed' AND assignee_id IS NOT NULL GROUP BY assignee_id) x`,
    )
  ).rows;
  await info.end();
  log(`data: ${JSON.stringify(shape)}; open cases per counsellor ${JSON.stringify(perCounsellor)}`);

  // --- the API and its users -----------------------------------------------------------------------------
  const env = testEnv(url, { ...API_SETTINGS, REDIS_KEY_PREFIX: `${redisPrefix}-api` });
  api = await startApi(env, { logger: createLogger({ level: 'warn', destination: sink }) });
  const queries = api.app.get(FollowUpWorklistRepository, { strict: false });
  const counsellors = await signInUsers(url, 'counsellor', USERS);
  const supervisors = await signInUsers(url, 'supervisor', SUPERVISORS);
  log(`API up; ${counsellors.length} counsellors and ${supervisors.length} supervisors signed in`);
  const rssApiStart = mib(process.memoryUsage().rss);

  const scenarios: Scenario[] = [];
  const add = (scope: WorklistScope, due: DueWindow, users: BenchUser[], page: 1 | 2 = 1): void => {
    scenarios.push({
      name: `${scope} · ${due}${page === 2 ? ' · page 2' : ''}`,
      scope,
      due,
      page,
      users,
      cursors: new Map(),
    });
  };
  add('mine', 'today', counsellors);
  add('mine', 'overdue', counsellors);
  add('mine', 'week', counsellors);
  add('mine', 'week', counsellors, 2);
  add('organization', 'today', supervisors);
  add('organization', 'overdue', supervisors);
  add('organization', 'week', supervisors);
  add('organization', 'week', supervisors, 2);
  for (const s of scenarios.filter((x) => x.page === 2)) {
    s.cursors = await cursorsOf(s.scope, s.due, s.users);
    s.users = s.users.filter((u) => s.cursors.has(u.id));
  }

  child = fork(__filename, ['--load-child'], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  barePool = new Pool({ connectionString: url, max: CONCURRENCY, application_name: 'haven-bench-bare' });

  const results: {
    scenario: string;
    users: number;
    sameSql: boolean | null;
    http: PhaseFigures;
    bare: PhaseFigures;
    explain: string;
    /** jest processes seen on the machine before and after the scenario; load average after it. */
    jestBefore: number;
    jestAfter: number;
    loadAverage1m: number;
  }[] = [];
  for (const s of scenarios) {
    if (s.users.length === 0) {
      log(`${s.name}: no user has a second page; skipped`);
      continue;
    }
    const first = s.users[0] as BenchUser;
    const sent = await endpointStatement(s, first);
    const built = queries.worklistStatement(
      first,
      s.scope,
      dueRange(s.due, new Date()),
      decodeCursor(s.page === 2 ? s.cursors.get(first.id) : undefined, 2),
      LIMIT + 1,
    );
    const sameSql = sent ? sent.sql === built.sql && sent.params.length === built.params.length : null;
    if (sameSql === false) log(`${s.name}: the endpoint's SQL differs from worklistStatement's`);
    const explain = (
      await barePool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${built.sql}`, built.params)
    ).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    const jestBefore = jestProcesses();
    log(`${s.name}: HTTP, ${s.users.length} users, ${CONCURRENCY} concurrent, ${REQUESTS} requests`);
    const h = await httpPhase(s, url);
    log(`${s.name}: bare pg`);
    const b = await barePhase(s, queries, url);
    log(
      `${s.name}: HTTP p50 ${h.latencyMs.p50} p95 ${h.latencyMs.p95} ms ${h.perSecond}/s; ` +
        `bare p50 ${b.latencyMs.p50} p95 ${b.latencyMs.p95} ms ${b.perSecond}/s; ${h.itemsPerAnswer} items`,
    );
    if (h.firstError) log(`${s.name}: first HTTP error: ${h.firstError}`);
    if (b.firstError) log(`${s.name}: first bare error: ${b.firstError}`);
    const jestAfter = jestProcesses();
    if (jestBefore + jestAfter > 0)
      log(`${s.name}: jest processes on the machine: ${jestBefore} before, ${jestAfter} after`);
    results.push({
      scenario: s.name,
      users: s.users.length,
      sameSql,
      http: h,
      bare: b,
      explain,
      jestBefore,
      jestAfter,
      loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    });
  }
  sampler.stop();

  // The counsellor's worklist: every first page of scope=mine (today, overdue, week) together.
  const mineFirst = results.filter((r) => r.scenario.startsWith('mine') && !r.scenario.endsWith('page 2'));
  const headline = {
    http: round2s(summarize(mineFirst.flatMap((r) => r.http.latencies ?? []))),
    bare: round2s(summarize(mineFirst.flatMap((r) => r.bare.latencies ?? []))),
  };
  for (const r of results) {
    delete r.http.latencies;
    delete r.bare.latencies;
  }
  const lat = (x: Summary): string => `${f1(x.p50)} / ${f1(x.p95)} / ${f1(x.p99)}`;
  const table = markdownTable([
    [
      'Scenario (limit 50)',
      'Users',
      'Items/answer',
      'HTTP p50 / p95 / p99 (ms)',
      'HTTP req/s',
      'Bare SQL p50 / p95 / p99 (ms)',
      'Bare req/s',
      'p95 HTTP − bare (ms)',
      'Statements/request HTTP',
      'CPU ms/request HTTP: Node / PG',
      'CPU ms/request bare: Node / PG',
    ],
    ...results.map((r) => [
      r.scenario,
      String(r.users),
      String(r.http.itemsPerAnswer),
      lat(r.http.latencyMs),
      f0(r.http.perSecond),
      lat(r.bare.latencyMs),
      f0(r.bare.perSecond),
      f1(r.http.latencyMs.p95 - r.bare.latencyMs.p95),
      String(r.http.statementsPerRequest),
      `${r.http.nodeCpuMsPerRequest} / ${r.http.postgresCpuMsPerRequest}`,
      `${r.bare.nodeCpuMsPerRequest} / ${r.bare.postgresCpuMsPerRequest}`,
    ]),
  ]);
  const errors = results.flatMap((r) =>
    Object.entries(r.http.statuses)
      .filter(([k]) => k !== '200')
      .map(([k, v]) => `${r.scenario}: ${k} × ${v}`),
  );
  const out = {
    benchmark: 'worklist',
    runId,
    date: new Date().toISOString(),
    command:
      `node -r ./test/support/ts-register.js bench/worklist.ts ${process.argv.slice(2).join(' ')}`.trim(),
    machine,
    commit: gitCommit(),
    machineBusyBeforeRunPercent: busyBefore,
    settings: {
      cases: CASES,
      followUps: FOLLOW_UPS,
      counsellors: COUNSELLORS,
      concurrency: CONCURRENCY,
      requests: REQUESTS,
      warmup: WARMUP,
      users: USERS,
      supervisors: SUPERVISORS,
      limit: LIMIT,
      database: GIVEN_DATABASE ?? null,
      ...API_SETTINGS,
    },
    data: { ...shape, openCasesPerCounsellor: perCounsellor },
    generation: generated
      ? {
          seconds: round2(generationSeconds ?? 0),
          generateSeconds: round2(generated.generateSeconds),
          analyzeSeconds: round2(generated.analyzeSeconds),
          poolSeconds: round2(generated.poolSeconds),
          rows: generated.rows,
          rowsPerSecond: generated.rowsPerSecond,
          staffPerOrganization: generated.staffPerOrganization,
        }
      : null,
    rss: { apiAfterSignInMiB: rssApiStart, peakMiB: mib(sampler.peakBytes) },
    apiLog: { linesAtWarnOrAbove: apiLog.lines, first: apiLog.first },
    counsellorWorklistFirstPages: headline,
    results,
    durationSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
  };
  const file = writeResults('worklist', out);
  const explains = results
    .filter((r) => r.scenario === 'mine · today' || r.scenario === 'organization · week · page 2')
    .map((r) => `EXPLAIN (ANALYZE, BUFFERS), ${r.scenario}:\n\n${r.explain}`)
    .join('\n\n');
  process.stdout.write(
    `\n## Worklist (${out.date}, ${out.durationSeconds} s)\n\n` +
      `Commit: ${out.commit}; machine ${busyBefore} % busy in the 2 s before the run\n` +
      `Machine: ${machine.cpus}× ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, ${machine.os}; ` +
      `Node ${machine.node}; PostgreSQL ${machine.postgres}\n` +
      `Data: ${JSON.stringify(out.data)}\n` +
      (generated
        ? `Generation: ${f1(out.generation?.seconds ?? 0)} s in all (rows ${f1(generated.generateSeconds)} s, ` +
          `VACUUM ANALYZE ${f1(generated.analyzeSeconds)} s)\n`
        : '') +
      `Settings: concurrency ${CONCURRENCY}, ${REQUESTS} requests per scenario after ${WARMUP} warm-up, ` +
      `limit ${LIMIT}, DATABASE_POOL_SIZE=${API_SETTINGS.DATABASE_POOL_SIZE}\n` +
      `Counsellor's worklist (scope=mine, first pages of today, overdue and week together): ` +
      `HTTP p50 ${f1(headline.http.p50)} / p95 ${f1(headline.http.p95)} / p99 ${f1(headline.http.p99)} ms; ` +
      `bare SQL p50 ${f1(headline.bare.p50)} / p95 ${f1(headline.bare.p95)} / p99 ${f1(headline.bare.p99)} ms ` +
      `(target: HTTP p95 ≤ 20 ms)\n` +
      `jest processes on the machine (before/after each scenario): ${results.map((r) => `${r.jestBefore}/${r.jestAfter}`).join(', ')}\n` +
      `Same SQL as the endpoint: ${results.map((r) => `${r.scenario} ${String(r.sameSql)}`).join(', ')}\n` +
      `Non-200 answers: ${errors.join(', ') || 'none'}; API log lines at warn or above: ${apiLog.lines}\n` +
      `RSS of the API process (the bench process): ${rssApiStart} MiB after sign-in, ` +
      `HTTP phases' peak ${Math.max(...results.map((r) => r.http.rssPeakMiB))} MiB, run peak ${out.rss.peakMiB} MiB\n\n` +
      `${table}\n\n${explains}\n\nJSON: ${file}\n`,
  );
  await cleanup();
}

if (process.argv.includes('--load-child')) {
  childMain();
} else {
  main().then(
    () => process.exit(0),
    async (err: unknown) => {
      log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      await Promise.race([cleanup(), sleep(30_000)]);
      process.exit(1);
    },
  );
}
