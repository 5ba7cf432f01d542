import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { loadEnv } from '../src/platform/config';
import { CryptoService } from '../src/platform/crypto';
import { createLogger } from '../src/platform/logging';
import {
  generateCases as generateInto,
  GenerateOptions as SeedGenerateOptions,
  GenerateResult,
} from '../src/seed/generate-cases';
import { DEFAULT_TEST_PASSWORD, hashPassword } from '../test/factories/identity';
import { TEST_KEYS } from '../test/support/app';
import {
  BENCH_REDIS_URL,
  BenchDatabase,
  argValue,
  benchRunId,
  createBenchDatabase,
  intArg,
  guardRun,
} from './support';

/**
 * Synthetic case data for benchmarks (issue "Case intake and the case file"): organisations and staff,
 * then N cases with their survivors, reporters, incidents, risk assessments, consents and assignments,
 * generated in SQL (`INSERT … SELECT … FROM generate_series`, chunk by chunk) from a pool of values
 * encrypted once with the real CryptoService and joined in by index. Every value is made up. The
 * generation itself is src/seed/generate-cases.ts (shared with `seed:demo`, which the built image runs);
 * this file is its command line, with the test password for every generated member of staff.
 *
 *   node -r ./test/support/ts-register.js bench/generate.ts --cases 100000 [--database URL] [--keep]
 *     [--pool 10000] [--chunk 50000] [--seed 42] [--time-limit-s 900] [--counsellors N] [--follow-ups N]
 *
 * --counsellors N spreads N counsellors over the organisations by their share of the cases (and one
 * supervisor per ten counsellors, at least two), instead of 8 per organisation: 1,000,000 cases leave about
 * 395,000 open, so --counsellors 2000 gives each counsellor about 200 open cases. --follow-ups N adds N
 * follow-ups in all, spread evenly over the cases (3 per case for --cases 1000000 --follow-ups 3000000):
 * past ones done or cancelled; on an open case the last one open (overdue, due today, this week or later,
 * in Asia/Ho_Chi_Minh days), and sometimes the one before it too.
 *
 * Without --database it creates a fresh, migrated `haven_bench_<id>` and drops it at the end unless
 * --keep is given. With --database it adds to that (migrated) database and never drops it. The keys are
 * HAVEN_DATA_KEYS / HAVEN_INDEX_KEY from the environment when set (use the deployment's keys to read
 * the data back through the API), otherwise the test harness's random per-process keys.
 */

export { staffing } from '../src/seed/generate-cases';
export type { GenerateResult } from '../src/seed/generate-cases';

/** The benchmarks' options: the staff's password is the test password (DEFAULT_TEST_PASSWORD). */
export type GenerateOptions = Omit<SeedGenerateOptions, 'passwordHash'>;

/** Fills the database at `url` (migrated); every generated member of staff signs in with the test password. */
export async function generateCases(
  url: string,
  crypto: CryptoService,
  o: GenerateOptions,
): Promise<GenerateResult> {
  return generateInto(url, crypto, { ...o, passwordHash: await hashPassword(DEFAULT_TEST_PASSWORD) });
}

/** A CryptoService with the environment's keys when set, else the test harness's (random per process). */
export function benchCrypto(databaseUrl: string): { crypto: CryptoService; keys: 'environment' | 'test' } {
  const fromEnv = Boolean(process.env.HAVEN_DATA_KEYS && process.env.HAVEN_INDEX_KEY);
  const env = loadEnv({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: BENCH_REDIS_URL,
    LOG_LEVEL: 'warn',
    ...TEST_KEYS,
    ...(fromEnv
      ? { HAVEN_DATA_KEYS: process.env.HAVEN_DATA_KEYS, HAVEN_INDEX_KEY: process.env.HAVEN_INDEX_KEY }
      : {}),
  });
  return {
    crypto: new CryptoService(env, createLogger({ level: 'warn' })),
    keys: fromEnv ? 'environment' : 'test',
  };
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const log = (m: string): void => {
    process.stderr.write(`[${((Date.now() - startedAt) / 1000).toFixed(1)} s] ${m}\n`);
  };
  const cases = intArg('cases', 100_000);
  const timeLimitMs = intArg('time-limit-s', 900) * 1000;
  const given = argValue('database');
  const keep = process.argv.includes('--keep');
  let db: BenchDatabase | undefined;
  let cleaned = false;
  const cleanup = async (): Promise<void> => {
    if (cleaned) return;
    cleaned = true;
    if (db && !keep) {
      await db.drop().catch((e: unknown) => {
        log(`could not drop ${db?.name ?? '-'}: ${String(e)}`);
      });
      log(`database ${db.name} dropped`);
    } else if (db) {
      await db.pool.end().catch(() => undefined);
      log(`database ${db.name} kept (--keep): ${db.url}`);
    }
  };
  guardRun(timeLimitMs, cleanup, log);
  try {
    let url = given;
    if (!url) {
      const t = performance.now();
      db = await createBenchDatabase(benchRunId());
      url = db.url;
      log(`database ${db.name} created and migrated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const { crypto, keys } = benchCrypto(url);
    if (keys === 'test')
      log("keys: the test harness's random keys (set HAVEN_DATA_KEYS and HAVEN_INDEX_KEY to use others)");
    const r = await generateCases(url, crypto, {
      cases,
      pool: intArg('pool', 10_000),
      chunk: intArg('chunk', 50_000),
      seed: intArg('seed', 42, 0),
      deadline: startedAt + timeLimitMs,
      log,
      ...(argValue('counsellors') ? { counsellors: intArg('counsellors', 40) } : {}),
      followUps: intArg('follow-ups', 0, 0),
    });
    const lines = Object.entries(r.rows).map(([t, n]) => `| ${t} | ${n.toLocaleString('en-US')} |`);
    process.stdout.write(
      `\n## Synthetic data (${new Date().toISOString()})\n\n` +
        `${r.cases.toLocaleString('en-US')} cases, ${r.totalRows.toLocaleString('en-US')} rows in ${r.generateSeconds.toFixed(1)} s: ` +
        `${r.rowsPerSecond.toLocaleString('en-US')} rows/s, ${r.casesPerSecond.toLocaleString('en-US')} cases/s ` +
        `(pool ${r.poolSeconds.toFixed(1)} s, VACUUM ANALYZE ${r.analyzeSeconds.toFixed(1)} s)\n\n` +
        `| table | rows |\n| --- | --- |\n${lines.join('\n')}\n`,
    );
  } finally {
    await cleanup();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
