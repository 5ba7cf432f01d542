import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import IORedis from 'ioredis';
import { Client, Pool } from 'pg';
import { runMigrations } from '../test/support/migrations';
import { databaseUrl, TEST_DATABASE_URL, TEST_REDIS_URL } from '../test/support/services';

/**
 * Helpers shared by the benchmarks: a throw-away database built by the project's migrations, a Redis key
 * prefix of their own, percentiles, RSS sampling and a description of the machine. Run the benchmarks with
 * `node -r ./test/support/ts-register.js bench/<name>.ts`; they use the same PostgreSQL and Redis as the
 * tests (TEST_DATABASE_URL, TEST_REDIS_URL, local defaults).
 */

export const BENCH_DATABASE_URL = TEST_DATABASE_URL;
export const BENCH_REDIS_URL = TEST_REDIS_URL;

/** A short id for one benchmark run: names its database and its Redis keys. */
export function benchRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export interface BenchDatabase {
  name: string;
  url: string;
  /** A small pool for the benchmark's own SQL (bulk generation, polling, read-outs). */
  pool: Pool;
  query<T extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: BENCH_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A fresh database `haven_bench_<id>` on the local server, built by the project's migrations (the same
 * synchronous loading of migrations/*.ts as the test harness, so it runs under ts-register).
 */
export async function createBenchDatabase(runId: string): Promise<BenchDatabase> {
  const name = `haven_bench_${runId}`;
  if (!/^[a-z0-9_]{1,63}$/.test(name)) throw new Error(`Unusable benchmark database name ${name}`);
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(name);
  let dropped = false;
  const drop = async (): Promise<void> => {
    if (dropped) return;
    dropped = true;
    await pool.end().catch(() => undefined);
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  };
  const pool = new Pool({ connectionString: url, max: 4, application_name: 'haven-bench' });
  try {
    await runMigrations(url);
  } catch (e) {
    await drop().catch(() => undefined);
    throw e;
  }
  return {
    name,
    url,
    pool,
    async query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
      return (await pool.query(sql, params)).rows as T[];
    },
    drop,
  };
}

/** The Redis key prefix of one run: every queue of the run lives under it (`<prefix>-<phase>`). */
export function benchRedisPrefix(runId: string): string {
  return `haven-bench-${runId}`;
}

/** Removes every key under the prefix (SCAN + UNLINK, bounded). Returns how many keys went. */
export async function removeRedisKeys(prefix: string, redisUrl = BENCH_REDIS_URL): Promise<number> {
  if (!/^haven-bench-[a-z0-9]+/.test(prefix)) throw new Error(`Refusing to delete keys under ${prefix}`);
  const redis = new IORedis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3_000 });
  await redis.connect();
  let removed = 0;
  try {
    let cursor = '0';
    // 100,000 SCAN pages of 1,000 is far beyond any run; the bound only guards against a loop.
    for (let page = 0; page < 100_000; page++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) removed += await redis.unlink(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
  return removed;
}

/** Nearest-rank percentile of values sorted ascending (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** A figure rounded to one decimal, as the tables print them. */
export const round1 = (n: number): number => Math.round(n * 10) / 10;

/** summarize, every figure rounded to one decimal. */
export function summarize1(values: readonly number[]): Summary {
  const s = summarize(values);
  return {
    count: s.count,
    mean: round1(s.mean),
    p50: round1(s.p50),
    p95: round1(s.p95),
    p99: round1(s.p99),
    max: round1(s.max),
  };
}

/** A progress line on stderr with the seconds since `startedAt`. */
export function elapsedLog(startedAt: number): (message: string) => void {
  return (message) => {
    process.stderr.write(`[${((Date.now() - startedAt) / 1000).toFixed(1)} s] ${message}\n`);
  };
}

/**
 * Where an API started in the benchmark's process logs (at warn and above): the lines are counted and the
 * first five kept for the report (they carry no personal data).
 */
export function apiLogSink(): { apiLog: { lines: number; first: string[] }; sink: Writable } {
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
  return { apiLog, sink };
}

export interface Machine {
  os: string;
  cpuModel: string;
  cpus: number;
  totalMemoryGiB: number;
  node: string;
  postgres: string;
  redis: string;
}

/** What the figures were measured on. */
export async function describeMachine(redisUrl = BENCH_REDIS_URL): Promise<Machine> {
  const cpus = os.cpus();
  const postgres = await admin(async (c) => {
    const r = await c.query<{ server_version: string }>('SHOW server_version');
    return r.rows[0]?.server_version ?? 'unknown';
  });
  const redis = new IORedis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3_000 });
  const info = await redis
    .connect()
    .then(() => redis.info('server'))
    .finally(() => {
      redis.disconnect();
    });
  const redisVersion = /^redis_version:(.+)$/m.exec(info)?.[1]?.trim() ?? 'unknown';
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    totalMemoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres,
    redis: redisVersion,
  };
}

/** The commit measured (HAVEN_BENCH_COMMIT, or git's HEAD with "-dirty" when the tree has changes). */
export function gitCommit(): string {
  if (process.env.HAVEN_BENCH_COMMIT) return process.env.HAVEN_BENCH_COMMIT;
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, {
        cwd: __dirname,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', ':/src', ':/migrations') ? '-dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

/** Samples process.memoryUsage().rss; keeps the peak of the whole run and of the current phase. */
export class RssSampler {
  peakBytes = 0;
  private phasePeak = 0;
  private timer: NodeJS.Timeout | undefined;

  start(intervalMs = 100): void {
    this.sample();
    this.timer = setInterval(() => {
      this.sample();
    }, intervalMs);
    this.timer.unref();
  }

  /** Starts a new phase; returns the peak of the phase that ended. */
  phase(): number {
    this.sample();
    const peak = this.phasePeak;
    this.phasePeak = process.memoryUsage().rss;
    return peak;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }

  private sample(): void {
    const rss = process.memoryUsage().rss;
    if (rss > this.peakBytes) this.peakBytes = rss;
    if (rss > this.phasePeak) this.phasePeak = rss;
  }
}

export interface CpuUse {
  /** Busy share of all the machine's cores (PostgreSQL, Redis and this process together), %. */
  machineBusyPercent: number;
  /** This process's CPU time over the wall time, % of one core (100 = one core fully used). */
  processPercentOfOneCore: number;
}

function machineTicks(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const c of os.cpus()) {
    const t = c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
    total += t;
    busy += t - c.times.idle;
  }
  return { busy, total };
}

/** CPU use between start() and stop(): the whole machine, and this process. */
export class CpuMeter {
  private machine = machineTicks();
  private proc = process.cpuUsage();
  private wall = performance.now();

  start(): void {
    this.machine = machineTicks();
    this.proc = process.cpuUsage();
    this.wall = performance.now();
  }

  stop(): CpuUse {
    const m = machineTicks();
    const p = process.cpuUsage(this.proc);
    const wallMs = performance.now() - this.wall;
    const total = m.total - this.machine.total;
    return {
      machineBusyPercent: total > 0 ? Math.round(((m.busy - this.machine.busy) / total) * 100) : 0,
      processPercentOfOneCore: wallMs > 0 ? Math.round(((p.user + p.system) / 1000 / wallMs) * 100) : 0,
    };
  }
}

export const mib = (bytes: number): number => Math.round((bytes / 1024 ** 2) * 10) / 10;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls until the check passes; throws once the deadline (epoch ms) is past. Returns the time (Date.now())
 * at which the check was first seen to pass.
 */
export async function pollUntil(
  check: () => Promise<boolean>,
  deadline: number,
  what: string,
  intervalMs = 50,
): Promise<number> {
  for (;;) {
    if (await check()) return Date.now();
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** A Markdown table (first row is the header). */
export function markdownTable(rows: readonly (readonly string[])[]): string {
  const [head, ...body] = rows;
  if (!head) return '';
  const line = (r: readonly string[]) => `| ${r.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}

/** Writes the run's figures to bench/results/<timestamp>-<name>.json (git-ignored). Returns the path. */
export function writeResults(name: string, data: unknown): string {
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

/** Reads `--name value` from the command line. */
export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export function intArg(name: string, fallback: number, min = 1): number {
  const raw = argValue(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
  return n;
}

/**
 * Ends a run that passes its time limit (plus 30 s of grace) or is interrupted, cleaning up first: bench
 * databases are gigabytes and must not be left behind. Exit 2 on the limit, 130 on a signal.
 */
export function guardRun(timeLimitMs: number, cleanup: () => Promise<void>, log: (m: string) => void): void {
  const watchdog = setTimeout(() => {
    log(`time limit of ${timeLimitMs / 1000} s passed (+30 s grace): cleaning up and stopping`);
    void Promise.race([cleanup(), sleep(30_000)]).finally(() => process.exit(2));
  }, timeLimitMs + 30_000);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void Promise.race([cleanup(), sleep(30_000)]).finally(() => process.exit(130));
    });
  }
}

/** How busy the machine is over two seconds before a run (other work skews every figure); warns above 15 %. */
export async function busyBeforeRun(log: (m: string) => void): Promise<number> {
  const quiet = new CpuMeter();
  await sleep(2_000);
  const busy = quiet.stop().machineBusyPercent;
  if (busy > 15) log(`warning: the machine was ${busy} % busy before the run; figures will be low`);
  return busy;
}
