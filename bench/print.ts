import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../src/platform/logging';
import { testEnv } from '../test/support/app';
import { call, createOrganization, createUser, signInAs } from '../test/support/auth';
import { readPdf } from '../test/support/pdf-text';
import { assignCase, createCase } from '../test/factories/cases';
import { createFollowUp } from '../test/factories/follow-ups';
import { createReferral, giveReferralConsent } from '../test/factories/referrals';
import { BenchApi, loadAverage, LoopDelay, procMemory, resetPeakRss, startBenchApi } from './api-process';
import {
  apiLogSink,
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
  writeResults,
} from './support';

/**
 * The printed case file (issue 15, item 7): the time and the API's peak resident memory (VmHWM, reset
 * before each phase) of POST /api/v1/cases/:id/print for one large case file, seeded through the API as a
 * counsellor would fill it (incidents, notes, risk re-assessments, follow-ups, consents and referrals),
 * and the pages produced. Baselines in the same run, interleaved request by request with the prints: GET
 * /api/v1/cases/:id (the JSON read of the file), and the JSON reads of every part the printed file holds
 * one after the other (the file, its notes, incidents, risk assessments, consents, follow-ups, referrals,
 * status history).
 *
 * The API runs in this process as production starts it (bench/api-process.ts); the client here only
 * reads the answers (a PDF of a few hundred KB), so the memory measured is the API's.
 *
 *   node --expose-gc -r ./test/support/ts-register.js bench/print.ts [--runs 20] [--incidents 50]
 *     [--notes 200] [--follow-ups 30] [--referrals 20] [--risk 10] [--time-limit-s 600]
 */

const RUNS = intArg('runs', 20);
const INCIDENTS = intArg('incidents', 50, 0);
const NOTES = intArg('notes', 200, 0);
const FOLLOW_UPS = intArg('follow-ups', 30, 0);
const REFERRALS = intArg('referrals', 20, 0);
const RISK = intArg('risk', 10, 0);
const TIME_LIMIT_MS = intArg('time-limit-s', 600) * 1000;

const startedAt = Date.now();
const runId = benchRunId();
process.env.HAVEN_TEST_RUN_ID = `bench${runId}`;
const log = elapsedLog(startedAt);

const { apiLog, sink } = apiLogSink();

/** The parts of the file read as JSON for the second baseline (after GET /cases/:id itself). */
const PARTS = [
  'notes',
  'incidents',
  'risk-assessments',
  'consents',
  'follow-ups',
  'referrals',
  'status-history',
];

const NOTE_TEXT = (i: number): string =>
  `Buổi tư vấn số ${i + 1}: ${'người bị bạo lực kể lại diễn biến, nhu cầu hỗ trợ và kế hoạch an toàn đã thống nhất. '.repeat(5)}`;

async function main(): Promise<void> {
  let db: BenchDatabase | undefined;
  let api: BenchApi | undefined;
  const redisPrefix = benchRedisPrefix(runId);
  const cleanup = async (): Promise<void> => {
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
      NOTIFY_EXTERNAL: 'none',
    });
    api = await startBenchApi(env, createLogger({ level: 'warn', destination: sink }));
    const a = api;

    // --- the case file, filled through the API -----------------------------------------------------
    const seedStart = performance.now();
    const centre = await createOrganization(db, { name: 'Trung tâm Công tác xã hội (bench in)' });
    const legalOrg = await createOrganization(db, { name: 'Trợ giúp pháp lý (bench in)', type: 'legal_aid' });
    const supervisor = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
    const counsellor = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
    const sup = (await signInAs(a, supervisor)).accessToken;
    const token = (await signInAs(a, counsellor)).accessToken;
    const created = await createCase(a, sup, {
      survivor: {
        fullName: 'Nguyễn Thị Bench',
        addressDetail: 'Số 7 ngõ 12 phố Đội Cấn',
        birthYear: 1991,
        phones: ['0912 345 678'],
        communeCode: '00004',
      },
      note: NOTE_TEXT(0),
    });
    const caseId = created.id;
    await assignCase(a, sup, caseId, counsellor.id);
    const post = async (path: string, body: unknown, what: string): Promise<void> => {
      const res = await call<{ code?: string }>(a, 'POST', `/api/v1/cases/${caseId}/${path}`, {
        token,
        body,
      });
      if (res.status !== 201) throw new Error(`${what} answered ${res.status} ${res.body.code}`);
    };
    // The intake made the first incident and note.
    for (let i = 1; i < INCIDENTS; i++) {
      await post(
        'incidents',
        {
          occurredOn: `202${i % 6}-${String((i % 12) + 1).padStart(2, '0')}`,
          violenceTypes: i % 3 ? ['physical_assault'] : ['psychological_abuse'],
          repeated: i % 2 === 0,
        },
        'incident',
      );
    }
    for (let i = 1; i < NOTES; i++) await post('notes', { text: NOTE_TEXT(i) }, 'note');
    for (let i = 0; i < RISK; i++) {
      await post('risk-assessments', { answers: { threats_to_kill: i % 2 === 0 } }, 'risk assessment');
    }
    for (let i = 0; i < FOLLOW_UPS; i++) {
      await createFollowUp(a, token, caseId, {
        dueAt: new Date(Date.now() + (i + 1) * 86_400_000).toISOString(),
      });
    }
    const providerIds: string[] = [];
    for (let i = 0; i < REFERRALS; i++) {
      const [p] = await db.query<{ id: string }>(
        `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, created_by)
         VALUES ($1, 'legal_aid', $2, '01', '00004', '{legal_aid}', $3) RETURNING id`,
        [`Văn phòng luật ${i + 1} ${randomUUID().slice(0, 6)}`, legalOrg.id, supervisor.id],
      );
      providerIds.push(p?.id ?? '');
    }
    if (REFERRALS > 0) {
      const consentId = await giveReferralConsent(a, token, caseId, {
        providerIds,
        sharedFields: ['fullName', 'riskLevel'],
      });
      for (const providerId of providerIds) {
        await createReferral(a, token, caseId, providerId, { services: ['legal_aid'], consentId });
      }
    }
    const seedSeconds = round1((performance.now() - seedStart) / 1000);
    log(`seeded the case file in ${seedSeconds} s`);

    // --- the requests --------------------------------------------------------------------------------
    const auth = { authorization: `Bearer ${token}` };
    const print = async (): Promise<{ ms: number; bytes: Buffer; status: number }> => {
      const t0 = performance.now();
      const res = await fetch(`${a.url}/api/v1/cases/${caseId}/print`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ purpose: 'court', reason: 'Tòa án nhân dân quận yêu cầu (bench)' }),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      return { ms: performance.now() - t0, bytes, status: res.status };
    };
    const get = async (path: string): Promise<{ ms: number; bytes: number; status: number }> => {
      const t0 = performance.now();
      const res = await fetch(`${a.url}/api/v1/cases/${caseId}${path}`, { headers: auth });
      const text = await res.text();
      return { ms: performance.now() - t0, bytes: Buffer.byteLength(text), status: res.status };
    };
    const getAll = async (): Promise<{ ms: number; bytes: number; statuses: number[] }> => {
      const t0 = performance.now();
      let bytes = 0;
      const statuses: number[] = [];
      for (const path of ['', ...PARTS.map((p) => `/${p}`)]) {
        const r = await get(path);
        bytes += r.bytes;
        statuses.push(r.status);
      }
      return { ms: performance.now() - t0, bytes, statuses };
    };

    // Warm-up (fonts read, statements prepared), and the checks: every answer 200, the PDF's pages.
    // Its memory is the one figure from the API as it was after seeding: the first print from a collected
    // heap (it also reads the fonts, once per process).
    const firstStart = resetPeakRss();
    const first = await print();
    const firstMemory = { startMiB: firstStart.rssMiB, peakMiB: procMemory().peakMiB, ms: round1(first.ms) };
    if (first.status !== 200) throw new Error(`print answered ${first.status}`);
    const read = readPdf(first.bytes);
    const regexPages = (first.bytes.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    const wholeFile = await getAll();
    if (wholeFile.statuses.some((s) => s !== 200)) {
      throw new Error(
        `JSON reads answered ${wholeFile.statuses.join(', ')} for ${['case', ...PARTS].join(', ')}`,
      );
    }
    const caseJson = await get('');
    log(
      `PDF ${round1(first.bytes.length / 1024)} KB, ${read.pages} pages (pdf-parse; ${regexPages} page objects); the JSON of the file ${round1(caseJson.bytes / 1024)} KB, of every part ${round1(wholeFile.bytes / 1024)} KB`,
    );

    // Timing: interleaved, a print, the file's JSON, every part's JSON, RUNS times.
    const printMs: number[] = [];
    const caseMs: number[] = [];
    const allMs: number[] = [];
    const statuses = new Set<number>();
    for (let i = 0; i < RUNS; i++) {
      const p = await print();
      statuses.add(p.status);
      printMs.push(p.ms);
      const g = await get('');
      statuses.add(g.status);
      caseMs.push(g.ms);
      const all = await getAll();
      for (const s of all.statuses) statuses.add(s);
      allMs.push(all.ms);
    }

    // Memory: each kind of request alone, five times, from a collected heap.
    const memoryOf = async (
      run: () => Promise<unknown>,
    ): Promise<{ startMiB: number; peakMiB: number; loop: { p99Ms: number; maxMs: number } }> => {
      const start = resetPeakRss();
      const loop = new LoopDelay().start();
      for (let i = 0; i < 5; i++) await run();
      return { startMiB: start.rssMiB, peakMiB: procMemory().peakMiB, loop: loop.stop() };
    };
    const caseMemory = await memoryOf(() => get(''));
    const allMemory = await memoryOf(getAll);
    const printMemory = await memoryOf(print);
    const concurrentStart = resetPeakRss();
    const fourLoop = new LoopDelay().start();
    const t0 = performance.now();
    const four = await Promise.all([print(), print(), print(), print()]);
    const fourMs = round1(performance.now() - t0);
    const fourMemory = {
      startMiB: concurrentStart.rssMiB,
      peakMiB: procMemory().peakMiB,
      loop: fourLoop.stop(),
    };
    for (const p of four) statuses.add(p.status);
    const loadAfter = loadAverage();

    const rows = [
      { what: 'POST /cases/:id/print', s: summarize1(printMs), mem: printMemory, size: first.bytes.length },
      { what: 'GET /cases/:id (baseline)', s: summarize1(caseMs), mem: caseMemory, size: caseJson.bytes },
      {
        what: `GET /cases/:id + its ${PARTS.length} parts, one after the other (baseline)`,
        s: summarize1(allMs),
        mem: allMemory,
        size: wholeFile.bytes,
      },
    ];
    const printP50 = rows[0]?.s.p50 ?? NaN;
    const table = markdownTable([
      [
        'request',
        'runs',
        'p50 / p95 / max ms',
        'print ÷ this (p50)',
        'answer KB',
        'API RSS before → peak over 5 (MiB)',
        'event loop held p99 / max ms',
      ],
      ...rows.map((r) => [
        r.what,
        String(r.s.count),
        `${r.s.p50} / ${r.s.p95} / ${r.s.max}`,
        `${round1(printP50 / r.s.p50)}×`,
        String(round1(r.size / 1024)),
        `${r.mem.startMiB} → ${r.mem.peakMiB}`,
        `${r.mem.loop.p99Ms} / ${r.mem.loop.maxMs}`,
      ]),
      [
        'first print (fonts read)',
        '1',
        String(firstMemory.ms),
        '—',
        '—',
        `${firstMemory.startMiB} → ${firstMemory.peakMiB}`,
        '—',
      ],
      [
        '4 prints at once',
        '1',
        `${fourMs} (wall)`,
        '—',
        '—',
        `${fourMemory.startMiB} → ${fourMemory.peakMiB}`,
        `${fourMemory.loop.p99Ms} / ${fourMemory.loop.maxMs}`,
      ],
    ]);
    const seeded = {
      incidents: INCIDENTS,
      notes: NOTES,
      riskAssessments: RISK,
      followUps: FOLLOW_UPS,
      referrals: REFERRALS,
    };
    const file = writeResults('print', {
      commit: gitCommit(),
      date: new Date().toISOString(),
      machine,
      machineBusyBeforePercent: busy,
      loadAverage: { before: loadBefore, after: loadAfter },
      settings: { RUNS },
      seeded,
      seedSeconds,
      pdf: { bytes: first.bytes.length, pages: read.pages, pageObjects: regexPages },
      statuses: [...statuses],
      rows,
      firstPrint: firstMemory,
      fourAtOnce: { wallMs: fourMs, memory: fourMemory },
      apiLog,
    });
    process.stdout.write(
      `${JSON.stringify(machine)}\ncommit ${gitCommit()}, machine ${busy} % busy before, load average ${loadBefore} → ${loadAfter}\ncase file: ${JSON.stringify(seeded)}; PDF ${read.pages} pages, ${round1(first.bytes.length / 1024)} KB; answers ${[...statuses].join(', ')}; API log lines at warn+ ${apiLog.lines}\n\n${table}\n\n${file}\n`,
    );
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
