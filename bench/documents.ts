import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { createLogger } from '../src/platform/logging';
import { testEnv } from '../test/support/app';
import { createOrganization, createUser, signInAs } from '../test/support/auth';
import { assignCase, createCase } from '../test/factories/cases';
import {
  BenchApi,
  loadAverage,
  LoopDelay,
  procMemory,
  ProcMemory,
  resetPeakRss,
  startBenchApi,
} from './api-process';
import {
  apiLogSink,
  argValue,
  benchRedisPrefix,
  benchRunId,
  BenchDatabase,
  busyBeforeRun,
  createBenchDatabase,
  describeMachine,
  elapsedLog,
  gitCommit,
  guardRun,
  intArg,
  round1,
  markdownTable,
  removeRedisKeys,
  summarize1,
  Summary,
  writeResults,
} from './support';

/**
 * Documents (issue 15, item 6): upload (multipart, type from the bytes, sealed with the key ring, stored
 * in PostgreSQL) and download of files of 100 KB, 1 MB, 5 MB and 10 MB through the real API, p50/p95 and
 * MB/s, and the API process's peak resident memory (VmHWM, reset before each phase) during them; then
 * several 10 MB uploads at once, and uploads over the limit, for the memory they hold. Baseline in the
 * same run, interleaved run by run with the API's requests: the same bytes INSERTed into and SELECTed
 * from a plain bytea column through pg directly (no HTTP, no multipart, no encryption, no audit).
 *
 * The API runs in this process as production starts it (bench/api-process.ts); the HTTP client and the
 * baseline's pg client run in a forked child, so the file buffers of the client are not in the memory
 * measured.
 *
 *   node --expose-gc -r ./test/support/ts-register.js bench/documents.ts [--runs 20]
 *     [--concurrent 1,4,8] [--oversize 1] [--time-limit-s 600]
 */

const KB = 1024;
const MB = 1024 * 1024;
const SIZES = [100 * KB, 1 * MB, 5 * MB, 10 * MB];
const RUNS = intArg('runs', 20);
const CONCURRENT = (argValue('concurrent') ?? '1,4,8').split(',').map((n) => Number(n));
/** 0: leave out the uploads over the limit (to measure one level of --concurrent alone from idle). */
const OVERSIZE = intArg('oversize', 1, 0) > 0;
const TIME_LIMIT_MS = intArg('time-limit-s', 600) * 1000;

const sizeLabel = (bytes: number): string => (bytes >= MB ? `${bytes / MB} MB` : `${bytes / KB} KB`);

// --- the client (child process) ---------------------------------------------------------------------

interface ClientInit {
  url: string;
  token: string;
  caseId: string;
  dbUrl: string;
}

type Command =
  | { cmd: 'upload'; size: number; runs: number }
  | { cmd: 'download'; ids: string[]; baselineIds: string[]; size: number }
  | { cmd: 'concurrent'; size: number; n: number; chunked?: boolean }
  | { cmd: 'downloadAll'; ids: string[]; size: number }
  | { cmd: 'stop' };

interface UploadResult {
  httpMs: number[];
  baselineMs: number[];
  ids: string[];
  baselineIds: string[];
  statuses: Record<string, number>;
}

interface DownloadResult {
  httpMs: number[];
  baselineMs: number[];
  badBodies: number;
}

interface ConcurrentResult {
  wallMs: number;
  eachMs: number[];
  statuses: Record<string, number>;
  /** The documents made (uploads answered 201). */
  ids: string[];
}

/** A file the API takes as a PDF (its first bytes), the rest random (incompressible, as scans are). */
const fileOf = (size: number): Buffer => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(size - 9)]);

async function client(init: ClientInit): Promise<void> {
  const pg = new Client({ connectionString: init.dbUrl, application_name: 'haven-bench-baseline' });
  await pg.connect();
  await pg.query('CREATE TABLE IF NOT EXISTS bench_bytea (id uuid PRIMARY KEY, content bytea NOT NULL)');
  const auth = { authorization: `Bearer ${init.token}` };

  const upload = async (file: Blob): Promise<{ ms: number; status: number; id?: string }> => {
    const form = new FormData();
    form.append('kind', 'medical');
    form.append('file', file, 'Giấy khám.pdf');
    const t0 = performance.now();
    const res = await fetch(`${init.url}/api/v1/cases/${init.caseId}/documents`, {
      method: 'POST',
      headers: auth,
      body: form,
    });
    const body = (await res.json()) as { id?: string };
    return { ms: performance.now() - t0, status: res.status, id: body.id };
  };

  /** The same form written by hand and sent as a stream: chunked, no Content-Length to refuse it by. */
  const uploadChunked = async (file: Buffer): Promise<{ ms: number; status: number; id?: string }> => {
    const boundary = `bench${randomUUID()}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nmedical\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n` +
        `Content-Type: application/pdf\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const parts = [head, file, tail];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift();
        if (next) {
          for (let i = 0; i < next.length; i += 64 * KB) controller.enqueue(next.subarray(i, i + 64 * KB));
        } else controller.close();
      },
    });
    const t0 = performance.now();
    const res = await fetch(`${init.url}/api/v1/cases/${init.caseId}/documents`, {
      method: 'POST',
      headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    });
    const answer = (await res.json()) as { id?: string };
    return { ms: performance.now() - t0, status: res.status, id: answer.id };
  };

  const handle = async (c: Command): Promise<unknown> => {
    if (c.cmd === 'upload') {
      const bytes = fileOf(c.size);
      const blob = new Blob([bytes], { type: 'application/pdf' });
      const r: UploadResult = { httpMs: [], baselineMs: [], ids: [], baselineIds: [], statuses: {} };
      for (let i = 0; i < c.runs; i++) {
        const id = randomUUID();
        const t0 = performance.now();
        await pg.query('INSERT INTO bench_bytea (id, content) VALUES ($1, $2)', [id, bytes]);
        r.baselineMs.push(performance.now() - t0);
        r.baselineIds.push(id);
        const u = await upload(blob);
        r.statuses[u.status] = (r.statuses[u.status] ?? 0) + 1;
        if (u.status === 201 && u.id) {
          r.httpMs.push(u.ms);
          r.ids.push(u.id);
        }
      }
      return r;
    }
    if (c.cmd === 'download') {
      const r: DownloadResult = { httpMs: [], baselineMs: [], badBodies: 0 };
      for (const [i, id] of c.ids.entries()) {
        const t0 = performance.now();
        const res = await fetch(`${init.url}/api/v1/cases/${init.caseId}/documents/${id}`, { headers: auth });
        const bytes = Buffer.from(await res.arrayBuffer());
        r.httpMs.push(performance.now() - t0);
        if (res.status !== 200 || bytes.length !== c.size) r.badBodies++;
        const baselineId = c.baselineIds[i];
        if (baselineId) {
          const t1 = performance.now();
          const rows = await pg.query<{ content: Buffer }>('SELECT content FROM bench_bytea WHERE id = $1', [
            baselineId,
          ]);
          r.baselineMs.push(performance.now() - t1);
          if (rows.rows[0]?.content.length !== c.size) r.badBodies++;
        }
      }
      return r;
    }
    if (c.cmd === 'concurrent') {
      const bytes = fileOf(c.size);
      const blob = new Blob([bytes], { type: 'application/pdf' });
      const t0 = performance.now();
      const all = await Promise.all(
        Array.from({ length: c.n }, () => (c.chunked ? uploadChunked(bytes) : upload(blob))),
      );
      const statuses: Record<string, number> = {};
      for (const u of all) statuses[u.status] = (statuses[u.status] ?? 0) + 1;
      const ids = all.flatMap((u) => (u.id ? [u.id] : []));
      return { wallMs: performance.now() - t0, eachMs: all.map((u) => u.ms), statuses, ids };
    }
    if (c.cmd === 'downloadAll') {
      const t0 = performance.now();
      const all = await Promise.all(
        c.ids.map(async (id) => {
          const t1 = performance.now();
          const res = await fetch(`${init.url}/api/v1/cases/${init.caseId}/documents/${id}`, {
            headers: auth,
          });
          const length = (await res.arrayBuffer()).byteLength;
          const status = length === c.size ? res.status : -res.status;
          return { ms: performance.now() - t1, status };
        }),
      );
      const statuses: Record<string, number> = {};
      for (const d of all) statuses[d.status] = (statuses[d.status] ?? 0) + 1;
      return { wallMs: performance.now() - t0, eachMs: all.map((d) => d.ms), statuses, ids: c.ids };
    }
    await pg.end();
    return null;
  };

  process.on('message', (c: Command) => {
    handle(c).then(
      (result) => {
        process.send?.({ ok: true, result });
        if (c.cmd === 'stop') process.exit(0);
      },
      (e: unknown) => process.send?.({ ok: false, error: e instanceof Error ? e.message : String(e) }),
    );
  });
  process.send?.({ ok: true, result: 'ready' });
}

// --- the measuring side (this process runs the API) -------------------------------------------------

const startedAt = Date.now();
const runId = benchRunId();
process.env.HAVEN_TEST_RUN_ID = `bench${runId}`;
const log = elapsedLog(startedAt);

const { apiLog, sink } = apiLogSink();

function ask<T>(child: ChildProcess, c: Command): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (m: { ok: boolean; result?: T; error?: string }) => {
      if (m.ok) resolve(m.result as T);
      else reject(new Error(`client: ${m.error}`));
    });
    child.send(c);
  });
}

/** MB/s at the median time. */
const mbps = (size: number, s: Summary): number => round1(size / MB / (s.p50 / 1000));

interface Memory {
  startMiB: number;
  peakMiB: number;
  /** How long the API's event loop was held during the phase (p99 / max, ms). */
  loop: { p99Ms: number; maxMs: number };
}
/** Starts a phase (peak RSS reset, event-loop delay watched); the function returned ends it. */
const phase = (): (() => Memory) => {
  const start: ProcMemory = resetPeakRss();
  const loop = new LoopDelay().start();
  return () => ({ startMiB: start.rssMiB, peakMiB: procMemory().peakMiB, loop: loop.stop() });
};

async function main(): Promise<void> {
  let db: BenchDatabase | undefined;
  let api: BenchApi | undefined;
  let child: ChildProcess | undefined;
  const redisPrefix = benchRedisPrefix(runId);
  const cleanup = async (): Promise<void> => {
    child?.kill();
    await api?.close().catch(() => undefined);
    await db?.drop().catch(() => undefined);
    await removeRedisKeys(redisPrefix).catch(() => 0);
  };
  guardRun(TIME_LIMIT_MS, cleanup, log);
  try {
    const machine = await describeMachine();
    const busy = await busyBeforeRun(log);
    const loadBefore = loadAverage();
    db = await createBenchDatabase(runId);
    const env = testEnv(db.url, {
      LOG_LEVEL: 'warn',
      REDIS_KEY_PREFIX: redisPrefix,
      AUTH_LOGIN_LIMIT_PER_IP: '10000',
      ACCESS_TOKEN_TTL_SECONDS: '3600',
    });
    api = await startBenchApi(env, createLogger({ level: 'warn', destination: sink }));
    const org = await createOrganization(db, { name: 'Trung tâm (bench tài liệu)' });
    const supervisor = await createUser(db, { roles: ['supervisor'], organizationId: org.id });
    const counsellor = await createUser(db, { roles: ['counsellor'], organizationId: org.id });
    const created = await createCase(api, (await signInAs(api, supervisor)).accessToken);
    await assignCase(api, (await signInAs(api, supervisor)).accessToken, created.id, counsellor.id);
    const token = (await signInAs(api, counsellor)).accessToken;

    child = fork(__filename, ['--client'], {
      execArgv: ['-r', require.resolve('../test/support/ts-register.js')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const c = child;
    await new Promise<void>((resolve) =>
      c.once('message', () => {
        resolve();
      }),
    );
    c.send({ url: api.url, token, caseId: created.id, dbUrl: db.url } satisfies ClientInit);
    await new Promise<void>((resolve) =>
      c.once('message', () => {
        resolve();
      }),
    );

    // One small upload and download first, so that the first measured request pays no start-up cost.
    const warm = await ask<UploadResult>(c, { cmd: 'upload', size: 100 * KB, runs: 2 });
    await ask(c, { cmd: 'download', ids: warm.ids, baselineIds: warm.baselineIds, size: 100 * KB });
    const idle = resetPeakRss();
    log(`API idle after warm-up: RSS ${idle.rssMiB} MiB`);

    const concurrent = [];
    // First, from the idle API (V8 keeps the pages its heap grew to, so a phase after a bigger one would
    // start from a grown heap): 20 MB files, over the limit, with a Content-Length (refused before
    // reading) and streamed without one (the parser stops at 10 MB); then 10 MB uploads at once, fewer
    // before more. The one-at-a-time sizes come after.
    const levels = [
      ...(OVERSIZE
        ? [
            { n: 4, size: 20 * MB, chunked: false },
            { n: 4, size: 20 * MB, chunked: true },
          ]
        : []),
      ...CONCURRENT.filter((n) => n > 0)
        .sort((x, y) => x - y)
        .map((n) => ({ n, size: 10 * MB, chunked: false })),
    ];
    for (const { n, size, chunked } of levels) {
      const end = phase();
      const r = await ask<ConcurrentResult>(c, { cmd: 'concurrent', size, n, chunked });
      const mem = end();
      const label = `${n} × ${sizeLabel(size)}${chunked ? ', chunked (no length)' : ''}`;
      concurrent.push({
        label,
        n,
        size,
        chunked,
        wallMs: round1(r.wallMs),
        each: summarize1(r.eachMs),
        statuses: r.statuses,
        memory: mem,
      });
      log(
        `${label} at once: ${round1(r.wallMs)} ms, statuses ${JSON.stringify(r.statuses)}, RSS ${mem.startMiB} → peak ${mem.peakMiB} MiB`,
      );
      if (!chunked && size === 10 * MB && r.ids.length) {
        // The same files downloaded at once (after the uploads: the peak is the higher of the two).
        const endDown = phase();
        const d = await ask<ConcurrentResult>(c, { cmd: 'downloadAll', ids: r.ids, size });
        const downMem = endDown();
        const downLabel = `${r.ids.length} × ${sizeLabel(size)} downloads (after the uploads above)`;
        concurrent.push({
          label: downLabel,
          n: r.ids.length,
          size,
          chunked,
          wallMs: round1(d.wallMs),
          each: summarize1(d.eachMs),
          statuses: d.statuses,
          memory: downMem,
        });
        log(
          `${downLabel} at once: ${round1(d.wallMs)} ms, statuses ${JSON.stringify(d.statuses)}, RSS ${downMem.startMiB} → peak ${downMem.peakMiB} MiB`,
        );
      }
    }
    const sizes = [];
    for (const size of SIZES) {
      const upPhase = phase();
      const up = await ask<UploadResult>(c, { cmd: 'upload', size, runs: RUNS });
      const upMemory = upPhase();
      const downPhase = phase();
      const down = await ask<DownloadResult>(c, {
        cmd: 'download',
        ids: up.ids,
        baselineIds: up.baselineIds,
        size,
      });
      const downMemory = downPhase();
      const row = {
        size,
        upload: summarize1(up.httpMs),
        uploadBaseline: summarize1(up.baselineMs),
        uploadStatuses: up.statuses,
        uploadMemory: upMemory,
        download: summarize1(down.httpMs),
        downloadBaseline: summarize1(down.baselineMs),
        downloadMemory: downMemory,
        badBodies: down.badBodies,
      };
      sizes.push(row);
      log(
        `${sizeLabel(size)}: upload p50 ${row.upload.p50} ms (bytea ${row.uploadBaseline.p50}), download p50 ${row.download.p50} ms (bytea ${row.downloadBaseline.p50}), peak RSS ${upMemory.peakMiB} / ${downMemory.peakMiB} MiB, statuses ${JSON.stringify(up.statuses)}, bad bodies ${down.badBodies}`,
      );
    }

    await ask(c, { cmd: 'stop' });
    const loadAfter = loadAverage();

    const f = (s: Summary): string => `${s.p50} / ${s.p95}`;
    const table = markdownTable([
      [
        'file',
        'upload p50 / p95 ms',
        'MB/s',
        'bytea INSERT p50 / p95 ms',
        'upload ÷ INSERT (p50)',
        'download p50 / p95 ms',
        'MB/s',
        'bytea SELECT p50 / p95 ms',
        'download ÷ SELECT (p50)',
        'API peak RSS, uploads / downloads (MiB)',
        'event loop held max ms, uploads / downloads',
      ],
      ...sizes.map((r) => [
        sizeLabel(r.size),
        f(r.upload),
        String(mbps(r.size, r.upload)),
        f(r.uploadBaseline),
        `${round1(r.upload.p50 / r.uploadBaseline.p50)}×`,
        f(r.download),
        String(mbps(r.size, r.download)),
        f(r.downloadBaseline),
        `${round1(r.download.p50 / r.downloadBaseline.p50)}×`,
        `${r.uploadMemory.peakMiB} / ${r.downloadMemory.peakMiB}`,
        `${r.uploadMemory.loop.maxMs} / ${r.downloadMemory.loop.maxMs}`,
      ]),
    ]);
    const concurrentTable = markdownTable([
      [
        'at once',
        'wall ms',
        'each p50 / max ms',
        'answers',
        'API RSS before (MiB)',
        'API peak RSS (MiB)',
        'peak − before (MiB)',
        'peak − idle (MiB)',
        'event loop held max ms',
      ],
      ...concurrent.map((r) => [
        r.label,
        String(r.wallMs),
        `${r.each.p50} / ${r.each.max}`,
        Object.entries(r.statuses)
          .map(([s, k]) => `${k} × ${s}`)
          .join(', '),
        String(r.memory.startMiB),
        String(r.memory.peakMiB),
        String(round1(r.memory.peakMiB - r.memory.startMiB)),
        String(round1(r.memory.peakMiB - idle.rssMiB)),
        String(r.memory.loop.maxMs),
      ]),
    ]);
    const file = writeResults('documents', {
      commit: gitCommit(),
      date: new Date().toISOString(),
      machine,
      machineBusyBeforePercent: busy,
      loadAverage: { before: loadBefore, after: loadAfter },
      settings: { RUNS, CONCURRENT },
      apiIdleMiB: idle.rssMiB,
      sizes,
      concurrent,
      apiLog,
    });
    process.stdout.write(
      `${JSON.stringify(machine)}\ncommit ${gitCommit()}, machine ${busy} % busy before, load average ${loadBefore} → ${loadAfter}, ${RUNS} runs per size, API idle RSS ${idle.rssMiB} MiB, API log lines at warn+ ${apiLog.lines}\n\n${table}\n\n${concurrentTable}\n\n${file}\n`,
    );
  } finally {
    await cleanup();
  }
}

if (process.argv[2] === '--client') {
  process.once('message', (init: ClientInit) => {
    void client(init);
  });
  process.send?.('ready');
} else {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
