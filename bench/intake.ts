import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { CatalogueService } from '../src/platform/catalogues';
import { CryptoService } from '../src/platform/crypto';
import { createLogger } from '../src/platform/logging';
import { isHighRisk, scoreRisk } from '../src/modules/cases/domain/risk';
import { RunningApi, startApi, testEnv } from '../test/support/app';
import { createUser, signIn } from '../test/support/auth';
import { generateCases } from './generate';
import { IntakeBody, intakeBody, LoadRequest, LoadResult } from './intake-load';
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
 * Case intake through HTTP (issue "Case intake and the case file"): the real API (startApi, NODE_ENV
 * test, LOG_LEVEL warn) on a fresh bench database pre-filled by bench/generate, one hotline operator
 * signed in, authenticated POST /api/v1/cases at a fixed concurrency from a child process (closed loop,
 * keep-alive node:http), a different phone per request. Baseline in the same run: the same rows (case,
 * survivor with its encrypted fields and blind indexes, reporter, incident, risk assessment, consent,
 * transition, two audit rows, the outbox row of a high-risk case, the duplicate look-up and the
 * reference counter) written by a bare pg pool, one transaction each, at the same concurrency.
 *
 *   node -r ./test/support/ts-register.js bench/intake.ts [--concurrency 32] [--seconds 30]
 *     [--warmup-seconds 3] [--baseline-seconds 15] [--prefill 100000] [--time-limit-s 300]
 */

const CONCURRENCY = intArg('concurrency', 32);
const SECONDS = intArg('seconds', 30);
const WARMUP_SECONDS = intArg('warmup-seconds', 3, 0);
const BASELINE_SECONDS = intArg('baseline-seconds', 15, 0);
const PREFILL = intArg('prefill', 100_000, 0);
const TIME_LIMIT_MS = intArg('time-limit-s', 300) * 1000;

const startedAt = Date.now();
const runId = benchRunId();
const redisPrefix = benchRedisPrefix(runId);
process.env.HAVEN_TEST_RUN_ID = `bench${runId}`;

const API_SETTINGS: Record<string, string> = {
  LOG_LEVEL: 'warn',
  DATABASE_POOL_SIZE: '20',
  AUTH_LOGIN_LIMIT_PER_IP: '10000',
  ACCESS_TOKEN_TTL_SECONDS: '3600',
};

const sampler = new RssSampler();
let db: BenchDatabase | undefined;
let api: RunningApi | undefined;
let baselinePool: Pool | undefined;

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

interface RunFigures {
  seconds: number;
  requests: number;
  ok: number;
  perSecond: number;
  latencyMs: Summary;
  statuses: Record<string, number>;
  cpu: CpuUse;
  clientCpuPercentOfOneCore?: number;
  commitsPerIntake: number;
  statementsPerIntake?: number;
  /** CPU of this process (the API, or the bare client) and of the PostgreSQL backends, ms per intake. */
  nodeCpuMsPerIntake: number;
  postgresCpuMsPerIntake: number;
  firstError?: string;
}

const round2 = (s: Summary): Summary => ({
  count: s.count,
  mean: Math.round(s.mean * 100) / 100,
  p50: Math.round(s.p50 * 100) / 100,
  p95: Math.round(s.p95 * 100) / 100,
  p99: Math.round(s.p99 * 100) / 100,
  max: Math.round(s.max * 100) / 100,
});

async function commits(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: string }>(
      `SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()`,
    );
    return Number(r.rows[0]?.n ?? 0);
  } finally {
    await c.end();
  }
}

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
  const ticksPerMs = 100 / 1000; // USER_HZ = 100 on Linux
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / ticksPerMs);
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

/** Counts every statement any pg client of this process sends (TypeORM's pool included) while on. */
const statementCounter = (() => {
  let on = false;
  let count = 0;
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function counted(this: unknown, ...args: unknown[]): unknown {
    if (on) count++;
    return original.apply(this, args);
  };
  return {
    start(): void {
      count = 0;
      on = true;
    },
    stop(): number {
      on = false;
      return count;
    },
  };
})();

/** The HTTP phase: the load from a child process, the API in this one. */
async function httpPhase(req: LoadRequest, url: string): Promise<RunFigures> {
  const child = fork(join(__dirname, 'intake-load.ts'), [], {
    execArgv: ['-r', join(__dirname, '..', 'test', 'support', 'ts-register.js')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const killTimer = setTimeout(
    () => {
      child.kill('SIGKILL');
    },
    (req.warmupSeconds + req.seconds + 60) * 1000,
  );
  const answer = new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (m: { result?: LoadResult; error?: string }) => {
      if (m.result) resolve(m.result);
      else reject(new Error(`load client failed: ${m.error ?? 'unknown'}`));
    });
    child.once('exit', (code) => {
      reject(new Error(`load client exited with ${String(code)}`));
    });
  });
  child.send(req);
  // The measured window starts after the warm-up: meter CPU, commits and statements from then.
  await sleep(req.warmupSeconds * 1000);
  const c0 = await commits(url);
  const pg0 = await backendCpuMs(url);
  statementCounter.start();
  const cpu = new CpuMeter();
  const proc0 = process.cpuUsage();
  sampler.phase();
  await sleep(req.seconds * 1000);
  const cpuUse = cpu.stop();
  const proc = process.cpuUsage(proc0);
  const statements = statementCounter.stop();
  const pg1 = await backendCpuMs(url);
  const c1 = await commits(url);
  const r = await answer.finally(() => {
    clearTimeout(killTimer);
  });
  const s = summarize(r.latencies);
  return {
    seconds: r.seconds,
    requests: r.requests,
    ok: r.ok,
    perSecond: Math.round((r.ok / r.seconds) * 10) / 10,
    latencyMs: round2(s),
    statuses: r.statuses,
    cpu: cpuUse,
    clientCpuPercentOfOneCore: r.cpuPercentOfOneCore,
    commitsPerIntake: r.ok ? Math.round(((c1 - c0) / r.ok) * 100) / 100 : 0,
    statementsPerIntake: r.ok ? Math.round((statements / r.ok) * 100) / 100 : 0,
    nodeCpuMsPerIntake: r.ok ? Math.round(((proc.user + proc.system) / 1000 / r.ok) * 100) / 100 : 0,
    postgresCpuMsPerIntake: r.ok ? Math.round((cpuDelta(pg0, pg1) / r.ok) * 100) / 100 : 0,
    ...(r.firstError ? { firstError: r.firstError } : {}),
  };
}

const AGE_BANDS: [number, string][] = [
  [5, 'age_0_5'],
  [11, 'age_6_11'],
  [17, 'age_12_17'],
  [25, 'age_18_25'],
  [40, 'age_26_40'],
  [60, 'age_41_60'],
];

/** One intake by a bare pg client: the rows the service writes, the same statements, no framework. */
async function bareIntake(
  pool: Pool,
  crypto: CryptoService,
  catalogues: CatalogueService,
  who: { id: string; organizationId: string; roles: string[] },
  b: IntakeBody,
): Promise<void> {
  const now = new Date();
  const year = now.getUTCFullYear();
  const q = catalogues.riskQuestionnaire();
  const risk = scoreRisk(q, b.risk.answers, 'risk.answers');
  const phones = b.survivor.phones.map((p) => `+84${p.slice(1)}`);
  const phoneIx = phones.map((p) => crypto.blindIndex('phone', p));
  const nid = b.survivor.nationalId;
  const nidIx = nid ? crypto.blindIndex('national_id', nid) : null;
  const nameIx = crypto.nameBirthYearIndex(b.survivor.fullName, b.survivor.birthYear) ?? null;
  const age = year - b.survivor.birthYear;
  const ageGroup = AGE_BANDS.find(([max]) => age <= max)?.[1] ?? 'age_61_plus';
  const e = (v: string, ctx: string): string => crypto.encrypt(v, ctx);
  const ref = await pool.query<{ last_value: number }>(
    `INSERT INTO case_reference_counters (prefix, year, last_value) VALUES ('HN', $1, 1)
     ON CONFLICT (prefix, year) DO UPDATE SET last_value = case_reference_counters.last_value + 1
     RETURNING last_value`,
    [year],
  );
  const reference = `HN-${year}-${String(ref.rows[0]?.last_value ?? 0).padStart(6, '0')}`;
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const r = await c.query<{ id: string }>(
      `INSERT INTO cases (reference, organization_id, channel, received_at, status, risk_level, risk_score,
                          context, created_by, record_key)
       VALUES ($1, $2, $3, $4, 'intake', $5, $6, $7, $8, $9) RETURNING id, version`,
      [
        reference,
        who.organizationId,
        b.channel,
        now,
        risk.level,
        Math.round(risk.score),
        ['intimate_partner_violence'],
        who.id,
        randomInt(0, 2 ** 31 - 1),
      ],
    );
    const caseId = r.rows[0]?.id;
    if (!caseId) throw new Error('no case id');
    const s = b.survivor;
    await c.query(
      `INSERT INTO survivors (case_id, full_name_enc, phones_enc, phone_indexes, sex, birth_year_enc,
         date_of_birth_enc, age_group, national_id_enc, national_id_index, name_birth_year_index, commune_code,
         address_detail_enc, disability, ethnic_minority, marital_status, occupation_group, guardian_enc,
         guardian_phone_index, can_call, can_text, can_leave_message, phone_shared_with_perpetrator,
         safe_times_enc, code_word_enc)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25)`,
      [
        caseId,
        e(s.fullName, 'survivors.full_name_enc'),
        e(JSON.stringify(phones), 'survivors.phones_enc'),
        phoneIx,
        s.sex,
        e(String(s.birthYear), 'survivors.birth_year_enc'),
        null,
        ageGroup,
        nid ? e(nid, 'survivors.national_id_enc') : null,
        nidIx,
        nameIx,
        s.communeCode,
        e(s.addressDetail, 'survivors.address_detail_enc'),
        null,
        null,
        s.maritalStatus,
        null,
        null,
        null,
        s.safeContact.canCall,
        s.safeContact.canText,
        null,
        null,
        e(s.safeContact.safeTimes, 'survivors.safe_times_enc'),
        null,
      ],
    );
    if (b.reporter) {
      const rp = `+84${b.reporter.phone.slice(1)}`;
      await c.query(
        `INSERT INTO reporters (case_id, relationship, full_name_enc, phone_enc, phone_index) VALUES ($1, $2, $3, $4, $5)`,
        [
          caseId,
          b.reporter.relationship,
          e(b.reporter.fullName, 'reporters.full_name_enc'),
          e(rp, 'reporters.phone_enc'),
          crypto.blindIndex('phone', rp),
        ],
      );
    }
    const i = b.incident;
    await c.query(
      `INSERT INTO incidents (case_id, occurred_on, commune_code, place_type, violence_types, dv_acts,
         perpetrator_relationship, perpetrator_sex, perpetrator_age_group, perpetrator_count, repeated,
         previously_reported, children_present, exchange_involved, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
      [
        caseId,
        i.occurredOn,
        i.communeCode,
        i.placeType,
        i.violenceTypes,
        i.dvActs,
        i.perpetrator.relationship,
        i.perpetrator.sex,
        i.perpetrator.ageGroup,
        i.perpetrator.count,
        i.repeated,
        null,
        i.childrenPresent,
        null,
        who.id,
      ],
    );
    await c.query(
      `INSERT INTO risk_assessments (case_id, answers_enc, score, level, assessed_by) VALUES ($1, $2, $3, $4, $5)`,
      [
        caseId,
        e(JSON.stringify(b.risk.answers), 'risk_assessments.answers_enc'),
        Math.round(risk.score),
        risk.level,
        who.id,
      ],
    );
    for (const k of b.consents) {
      await c.query(
        `INSERT INTO consents (case_id, purpose, provider_types, provider_ids, shared_fields, method, given_by, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [caseId, k.purpose, [], [], k.sharedFields, k.method, k.givenBy, who.id],
      );
    }
    await c.query(
      `INSERT INTO case_transitions (case_id, from_status, to_status, actor_id) VALUES ($1, NULL, 'intake', $2)`,
      [caseId, who.id],
    );
    const audit = `INSERT INTO audit_events (actor_id, actor_roles, organization_id, action, outcome, entity_type,
                     entity_id, case_id, reason_code, reason_text_enc, request_id)
                   VALUES ($1, $2, $3, $4, 'success', 'case', $5, $6, $7, NULL, NULL)`;
    await c.query(audit, [who.id, who.roles, who.organizationId, 'case.created', caseId, caseId, null]);
    if (isHighRisk(risk.level, q.levels)) {
      await c.query(
        `INSERT INTO outbox_events (id, topic, payload) VALUES (gen_random_uuid(), 'case.high_risk', $1)`,
        [JSON.stringify({ caseId, organizationId: who.organizationId, reference, level: risk.level })],
      );
    }
    const dup = await c.query(
      `SELECT c.reference, c.status FROM cases c JOIN survivors s ON s.case_id = c.id
        WHERE c.organization_id = $1 AND c.id <> $2
          AND (s.phone_indexes && $3::text[] OR s.national_id_index = $4 OR s.name_birth_year_index = $5)
        ORDER BY c.opened_at DESC, c.id LIMIT 20`,
      [who.organizationId, caseId, phoneIx, nidIx, nameIx],
    );
    await c.query(audit, [
      who.id,
      who.roles,
      who.organizationId,
      'case.duplicate_lookup',
      caseId,
      caseId,
      dup.rows.length ? 'matches_found' : 'no_match',
    ]);
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

async function baselinePhase(
  url: string,
  crypto: CryptoService,
  catalogues: CatalogueService,
  who: { id: string; organizationId: string; roles: string[] },
  communes: string[],
): Promise<RunFigures> {
  baselinePool = new Pool({ connectionString: url, max: CONCURRENCY, application_name: 'haven-bench-bare' });
  const pool = baselinePool;
  let n = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let firstError: string | undefined;
  const warm = Math.min(WARMUP_SECONDS, 2);
  const start = performance.now();
  const measureFrom = start + warm * 1000;
  const end = measureFrom + BASELINE_SECONDS * 1000;
  let c0 = 0;
  let statements = 0;
  let pg0 = new Map<number, number>();
  let proc0 = process.cpuUsage();
  let pg1 = new Map<number, number>();
  let proc = process.cpuUsage();
  let cpuUse: CpuUse = { machineBusyPercent: 0, processPercentOfOneCore: 0 };
  const metering = (async () => {
    await sleep(warm * 1000);
    c0 = await commits(url);
    pg0 = await backendCpuMs(url);
    const cpu = new CpuMeter();
    proc0 = process.cpuUsage();
    statementCounter.start();
    await sleep(BASELINE_SECONDS * 1000);
    statements = statementCounter.stop();
    cpuUse = cpu.stop();
    proc = process.cpuUsage(proc0);
    pg1 = await backendCpuMs(url);
  })();
  const worker = async (): Promise<void> => {
    for (;;) {
      const t = performance.now();
      if (t >= end) return;
      let status = 'ok';
      try {
        await bareIntake(pool, crypto, catalogues, who, intakeBody(n++, 2, communes));
      } catch (e) {
        status = e instanceof Error ? e.message.slice(0, 80) : 'error';
        firstError ??= status;
      }
      const done = performance.now();
      if (t >= measureFrom && done <= end) {
        latencies.push(done - t);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 'ok') ok++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
  await metering;
  const c1 = await commits(url);
  await pool.end();
  baselinePool = undefined;
  return {
    seconds: BASELINE_SECONDS,
    requests: latencies.length,
    ok,
    perSecond: Math.round((ok / BASELINE_SECONDS) * 10) / 10,
    latencyMs: round2(summarize(latencies)),
    statuses,
    cpu: cpuUse,
    commitsPerIntake: ok ? Math.round(((c1 - c0) / ok) * 100) / 100 : 0,
    statementsPerIntake: ok ? Math.round((statements / ok) * 100) / 100 : 0,
    nodeCpuMsPerIntake: ok ? Math.round(((proc.user + proc.system) / 1000 / ok) * 100) / 100 : 0,
    postgresCpuMsPerIntake: ok ? Math.round((cpuDelta(pg0, pg1) / ok) * 100) / 100 : 0,
    ...(firstError ? { firstError } : {}),
  };
}

let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  sampler.stop();
  await baselinePool?.end().catch(() => undefined);
  await Promise.race([api?.close(), sleep(15_000)]).catch(() => undefined);
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

function report(h: RunFigures, b: RunFigures | undefined): string {
  const lat = (s: Summary): string => `${f1(s.p50)} / ${f1(s.p95)} / ${f1(s.p99)} / ${f1(s.max)}`;
  const errors = (r: RunFigures): string =>
    Object.entries(r.statuses)
      .filter(([k]) => k !== '201' && k !== 'ok')
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ') || '0';
  const rows: string[][] = [
    ['Measure', `HTTP API (POST /api/v1/cases)`, 'Baseline: bare pg, same rows', 'API ÷ baseline'],
    [
      `Intakes/s (concurrency ${CONCURRENCY})`,
      f0(h.perSecond),
      b ? f0(b.perSecond) : 'skipped',
      b ? `${(h.perSecond / b.perSecond).toFixed(2)}×` : '',
    ],
    [
      'Latency p50 / p95 / p99 / max (ms)',
      lat(h.latencyMs),
      b ? lat(b.latencyMs) : '',
      b ? `p50 ${(h.latencyMs.p50 / b.latencyMs.p50).toFixed(2)}×` : '',
    ],
    [
      'Completed in the window / errors',
      `${f0(h.ok)} / ${errors(h)}`,
      b ? `${f0(b.ok)} / ${errors(b)}` : '',
      '',
    ],
    [
      'Transactions per intake (pg_stat_database.xact_commit, read-only ones too)',
      String(h.commitsPerIntake),
      b ? String(b.commitsPerIntake) : '',
      '',
    ],
    [
      'CPU per intake (ms): Node process / PostgreSQL backends',
      `${h.nodeCpuMsPerIntake} / ${h.postgresCpuMsPerIntake}`,
      b ? `${b.nodeCpuMsPerIntake} / ${b.postgresCpuMsPerIntake}` : '',
      b ? `Node ${(h.nodeCpuMsPerIntake / b.nodeCpuMsPerIntake).toFixed(1)}×` : '',
    ],
    [
      'SQL statements per intake (pg client calls)',
      String(h.statementsPerIntake ?? ''),
      b ? String(b.statementsPerIntake ?? '') : '',
      '',
    ],
    [
      'CPU: machine busy % / this process % of one core',
      `${h.cpu.machineBusyPercent} / ${h.cpu.processPercentOfOneCore} (load client ${h.clientCpuPercentOfOneCore ?? '-'})`,
      b ? `${b.cpu.machineBusyPercent} / ${b.cpu.processPercentOfOneCore}` : '',
      '',
    ],
  ];
  return markdownTable(rows);
}

async function main(): Promise<void> {
  guardRun(TIME_LIMIT_MS, cleanup, log);
  sampler.start(100);
  const busyBefore = await busyBeforeRun(log);
  const machine = await describeMachine();
  db = await createBenchDatabase(runId);
  log(`database ${db.name} migrated`);
  const env = testEnv(db.url, { ...API_SETTINGS, REDIS_KEY_PREFIX: `${redisPrefix}-api` });
  api = await startApi(env, { logger: createLogger({ level: 'warn', destination: sink }) });
  const crypto = api.app.get(CryptoService);
  const catalogues = api.app.get(CatalogueService);

  let organizationId: string;
  let prefill: Awaited<ReturnType<typeof generateCases>> | undefined;
  if (PREFILL > 0) {
    prefill = await generateCases(db.url, crypto, {
      cases: PREFILL,
      pool: 10_000,
      chunk: 50_000,
      seed: 42,
      deadline: startedAt + TIME_LIMIT_MS,
    });
    organizationId = prefill.organizations[0]?.id ?? '';
    log(
      `prefilled ${f0(PREFILL)} cases in ${f1(prefill.generateSeconds)} s; the operator works for ${prefill.organizations[0]?.name ?? '-'}`,
    );
  } else {
    const [org] = await db.query<{ id: string }>(
      `INSERT INTO organizations (name, type, province_code) VALUES ('Đường dây nóng (bench)', 'hotline', '01') RETURNING id`,
    );
    organizationId = org?.id ?? '';
  }
  const operator = await createUser(api, { roles: ['hotline_operator'], organizationId });
  const token = (await signIn(api, operator.username, operator.password)).accessToken;
  const communes = (
    await db.query<{ code: string }>(
      `SELECT code FROM geo_communes WHERE province_code = '01' AND valid_to IS NULL ORDER BY code`,
    )
  ).map((r) => r.code);

  log(`HTTP: ${CONCURRENCY} concurrent, ${WARMUP_SECONDS} s warm-up, ${SECONDS} s measured`);
  const rssBefore = mib(process.memoryUsage().rss);
  const http = await httpPhase(
    {
      url: api.url,
      token,
      concurrency: CONCURRENCY,
      warmupSeconds: WARMUP_SECONDS,
      seconds: SECONDS,
      seed: 1,
      communes,
    },
    db.url,
  );
  const rssHttp = mib(sampler.phase());
  log(
    `HTTP: ${http.perSecond}/s, p50 ${http.latencyMs.p50} ms, p99 ${http.latencyMs.p99} ms, statuses ${JSON.stringify(http.statuses)}`,
  );
  if (http.firstError) log(`first error: ${http.firstError}`);

  let bare: RunFigures | undefined;
  if (BASELINE_SECONDS > 0) {
    log(`baseline: bare pg, ${CONCURRENCY} concurrent, ${BASELINE_SECONDS} s`);
    bare = await baselinePhase(
      db.url,
      crypto,
      catalogues,
      { id: operator.id, organizationId, roles: operator.roles },
      communes,
    );
    log(`baseline: ${bare.perSecond}/s, p50 ${bare.latencyMs.p50} ms, p99 ${bare.latencyMs.p99} ms`);
    if (bare.firstError) log(`baseline first error: ${bare.firstError}`);
  }

  const [check] = await db.query<{ cases: number; survivors: number; audits: number; outbox: number }>(
    `SELECT (SELECT count(*)::int FROM cases WHERE created_by = $1) AS cases,
            (SELECT count(*)::int FROM survivors s JOIN cases c ON c.id = s.case_id WHERE c.created_by = $1) AS survivors,
            (SELECT count(*)::int FROM audit_events WHERE actor_id = $1 AND action = 'case.created') AS audits,
            (SELECT count(*)::int FROM outbox_events WHERE topic = 'case.high_risk') AS outbox`,
    [operator.id],
  );
  sampler.stop();
  const results = {
    benchmark: 'intake',
    runId,
    date: new Date().toISOString(),
    command:
      `node -r ./test/support/ts-register.js bench/intake.ts ${process.argv.slice(2).join(' ')}`.trim(),
    machine,
    commit: gitCommit(),
    machineBusyBeforeRunPercent: busyBefore,
    settings: {
      concurrency: CONCURRENCY,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      baselineSeconds: BASELINE_SECONDS,
      prefill: PREFILL,
      ...API_SETTINGS,
    },
    prefill: prefill
      ? { cases: prefill.cases, rowsPerSecond: prefill.rowsPerSecond, seconds: prefill.generateSeconds }
      : null,
    http,
    baseline: bare ?? null,
    rowsWrittenByOperatorOverall: check,
    apiLog: { linesAtWarnOrAbove: apiLog.lines, first: apiLog.first },
    rss: { beforeHttpMiB: rssBefore, httpPhasePeakMiB: rssHttp, peakMiB: mib(sampler.peakBytes) },
    durationSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
  };
  const table = report(http, bare);
  await cleanup();
  const file = writeResults('intake', results);
  process.stdout.write(
    `\n## Case intake (${results.date}, ${results.durationSeconds} s)\n\n` +
      `Commit: ${results.commit}; machine ${busyBefore} % busy in the 2 s before the run\n` +
      `Machine: ${machine.cpus}× ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, ${machine.os}; ` +
      `Node ${machine.node}; PostgreSQL ${machine.postgres}; Redis ${machine.redis}\n` +
      `Settings: concurrency ${CONCURRENCY}, ${SECONDS} s (+${WARMUP_SECONDS} s warm-up), baseline ${BASELINE_SECONDS} s, ` +
      `prefill ${PREFILL} cases, DATABASE_POOL_SIZE=${API_SETTINGS.DATABASE_POOL_SIZE}\n` +
      `API log lines at warn or above: ${apiLog.lines}; RSS peak ${results.rss.peakMiB} MiB\n\n${table}\n\nJSON: ${file}\n`,
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
