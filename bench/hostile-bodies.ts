import 'reflect-metadata';
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { startApi, testEnv, RunningApi } from '../test/support/app';
import {
  benchRedisPrefix,
  benchRunId,
  BenchDatabase,
  busyBeforeRun,
  createBenchDatabase,
  describeMachine,
  gitCommit,
  guardRun,
  intArg,
  markdownTable,
  removeRedisKeys,
  sleep,
  summarize,
  Summary,
  writeResults,
} from './support';

/**
 * Hostile bodies (issue 12, security 2): the latency of GET /health/live while ten clients at once send
 * 1 MB of nested brackets to POST /api/v1/auth/refresh (4 KB limit: 413 before parsing) and ten send
 * 900 KB of nesting to POST /api/v1/cases (1 MB limit: the depth scan answers 400 JSON_TOO_DEEP), beside
 * the same probe with no hostile load, in the same run. The hostile clients run in a child process (a
 * fork of this file) so that their CPU is not the API's; the probe runs beside the API, so a blocked
 * event loop shows directly in its latency.
 *
 *   node -r ./test/support/ts-register.js bench/hostile-bodies.ts [--seconds 10] [--clients 10]
 *     [--probe-interval-ms 20] [--time-limit-s 300]
 */

const SECONDS = intArg('seconds', 10);
const CLIENTS = intArg('clients', 10);
const PROBE_INTERVAL_MS = intArg('probe-interval-ms', 20);
const TIME_LIMIT_MS = intArg('time-limit-s', 300) * 1000;

type Scenario = 'refresh-1mb-brackets' | 'cases-900kb-deep';

// --- the hostile clients (child process) ------------------------------------------------------------

async function hostileClients(url: string, scenario: Scenario, clients: number): Promise<void> {
  const body =
    scenario === 'refresh-1mb-brackets' ? '['.repeat(1024 * 1024) : '{"a":'.repeat((900 * 1024) / 5);
  const path = scenario === 'refresh-1mb-brackets' ? '/api/v1/auth/refresh' : '/api/v1/cases';
  const statuses = new Map<number, number>();
  let stop = false;
  process.on('message', () => {
    stop = true;
  });
  const worker = async (): Promise<void> => {
    while (!stop) {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }).catch(() => undefined);
      if (res) {
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  process.send?.(Object.fromEntries(statuses));
}

// --- the measuring side ---------------------------------------------------------------------------

async function probeHealth(api: RunningApi, seconds: number): Promise<Summary> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    const res = await fetch(`${api.url}/health/live`);
    await res.arrayBuffer();
    latencies.push(performance.now() - t0);
    await sleep(PROBE_INTERVAL_MS);
  }
  return summarize(latencies);
}

async function underLoad(
  api: RunningApi,
  scenario: Scenario,
): Promise<{ health: Summary; statuses: Record<string, number> }> {
  const child = fork(__filename, ['--client', scenario, api.url, String(CLIENTS)], {
    execArgv: ['-r', './test/support/ts-register.js'],
  });
  const statuses = new Promise<Record<string, number>>((resolve) => {
    child.once('message', (m) => {
      resolve(m as Record<string, number>);
    });
  });
  await sleep(1_000); // the clients are sending before the probe starts
  const health = await probeHealth(api, SECONDS);
  child.send('stop');
  return { health, statuses: await statuses };
}

async function main(): Promise<void> {
  const log = (m: string) => process.stderr.write(`[hostile-bodies] ${m}\n`);
  const runId = benchRunId();
  process.env.HAVEN_TEST_RUN_ID = `bench${runId}`;
  let db: BenchDatabase | undefined;
  let api: RunningApi | undefined;
  const cleanup = async () => {
    await api?.close();
    await db?.drop();
    await removeRedisKeys(benchRedisPrefix(runId));
  };
  guardRun(TIME_LIMIT_MS, cleanup, log);
  try {
    const busy = await busyBeforeRun(log);
    db = await createBenchDatabase(runId);
    api = await startApi(testEnv(db.url, { LOG_LEVEL: 'warn', REDIS_KEY_PREFIX: benchRedisPrefix(runId) }));
    await probeHealth(api, 1); // warm-up
    log('baseline');
    const baseline = await probeHealth(api, SECONDS);
    log('refresh, 1 MB of brackets');
    const refresh = await underLoad(api, 'refresh-1mb-brackets');
    log('cases, 900 KB of nesting');
    const cases = await underLoad(api, 'cases-900kb-deep');
    const ms = (n: number) => n.toFixed(1);
    const row = (name: string, s: Summary, statuses: Record<string, number> | string) => [
      name,
      String(s.count),
      ms(s.p50),
      ms(s.p95),
      ms(s.p99),
      ms(s.max),
      typeof statuses === 'string' ? statuses : JSON.stringify(statuses),
    ];
    const table = markdownTable([
      ['/health/live during', 'probes', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'hostile answers'],
      row('no hostile load (baseline)', baseline, '—'),
      row(`${CLIENTS} × 1 MB brackets → /auth/refresh`, refresh.health, refresh.statuses),
      row(`${CLIENTS} × 900 KB nesting → /cases`, cases.health, cases.statuses),
    ]);
    const machine = await describeMachine();
    const file = writeResults('hostile-bodies', {
      commit: gitCommit(),
      date: new Date().toISOString(),
      machine,
      machineBusyBeforePercent: busy,
      settings: { SECONDS, CLIENTS, PROBE_INTERVAL_MS },
      baseline,
      refresh,
      cases,
    });
    process.stdout.write(
      `${JSON.stringify(machine)}\ncommit ${gitCommit()}, machine ${busy} % busy before\n\n${table}\n\n${file}\n`,
    );
  } finally {
    await cleanup();
  }
}

if (process.argv[2] === '--client') {
  void hostileClients(process.argv[4] ?? '', process.argv[3] as Scenario, Number(process.argv[5] ?? 10));
} else {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
