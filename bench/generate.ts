import 'reflect-metadata';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { parse } from 'yaml';
import { loadEnv } from '../src/platform/config';
import { CryptoService } from '../src/platform/crypto';
import { createLogger } from '../src/platform/logging';
import { DEFAULT_TEST_PASSWORD, hashPassword } from '../test/factories/identity';
import { TEST_KEYS } from '../test/support/app';
import {
  BENCH_REDIS_URL,
  BenchDatabase,
  argValue,
  benchRunId,
  createBenchDatabase,
  intArg,
  sleep,
} from './support';

/**
 * Synthetic case data for benchmarks (issue "Case intake and the case file"): organisations and staff,
 * then N cases with their survivors, reporters, incidents, risk assessments, consents and assignments,
 * generated in SQL (`INSERT … SELECT … FROM generate_series`, chunk by chunk) from a pool of values
 * encrypted once with the real CryptoService and joined in by index. Every value is made up.
 *
 *   node -r ./test/support/ts-register.js bench/generate.ts --cases 100000 [--database URL] [--keep]
 *     [--pool 10000] [--chunk 50000] [--seed 42] [--time-limit-s 900]
 *
 * Without --database it creates a fresh, migrated `haven_bench_<id>` and drops it at the end unless
 * --keep is given. With --database it adds to that (migrated) database and never drops it. The keys are
 * HAVEN_DATA_KEYS / HAVEN_INDEX_KEY from the environment when set (use the deployment's keys to read
 * the data back through the API), otherwise the test harness's random per-process keys.
 */

export interface GenerateOptions {
  cases: number;
  /** Distinct people (survivor and reporter values) in the encrypted pool. */
  pool: number;
  /** Cases per generated chunk (one transaction each). */
  chunk: number;
  /** Seed of PostgreSQL's random() for the case attributes (the pool uses Node's crypto randomness). */
  seed: number;
  /** Stop (between chunks) after this time (epoch ms). */
  deadline: number;
  log?: (message: string) => void;
}

export interface GenerateResult {
  cases: number;
  rows: Record<string, number>;
  totalRows: number;
  poolSeconds: number;
  generateSeconds: number;
  analyzeSeconds: number;
  rowsPerSecond: number;
  casesPerSecond: number;
  organizations: { id: string; name: string; type: string }[];
}

/** A weighted choice made in SQL: keys[width_bucket(random(), thresholds)]. */
interface Weighted {
  keys: string[];
  thresholds: number[];
}

function weighted(entries: Record<string, number>): Weighted {
  const keys = Object.keys(entries);
  const total = keys.reduce((s, k) => s + (entries[k] ?? 0), 0);
  const thresholds: number[] = [];
  let acc = 0;
  for (const k of keys) {
    thresholds.push(acc / total);
    acc += entries[k] ?? 0;
  }
  return { keys, thresholds };
}

function pickWeighted<T extends string>(entries: Record<T, number>): T {
  const keys = Object.keys(entries) as T[];
  const total = keys.reduce((s, k) => s + entries[k], 0);
  let r = Math.random() * total;
  for (const k of keys) {
    r -= entries[k];
    if (r < 0) return k;
  }
  return keys[keys.length - 1] as T;
}

const pick = <T>(list: readonly T[]): T => list[randomInt(0, list.length)] as T;

// --- proportions (plausible for a Hanoi helpline; not statistics) ------------------------------------

const SEXES = { female: 88, male: 9, other: 1, unknown: 2 };
/** Age at the time of the report, by catalogue band: mostly 18–40. */
const AGE_BANDS: Record<string, [number, number, number]> = {
  age_0_5: [2, 0, 5],
  age_6_11: [4, 6, 11],
  age_12_17: [9, 12, 17],
  age_18_25: [22, 18, 25],
  age_26_40: [38, 26, 40],
  age_41_60: [20, 41, 60],
  age_61_plus: [5, 61, 85],
};
const CHANNELS = weighted({
  hotline: 45,
  walk_in: 14,
  trusted_address: 10,
  referral_in: 10,
  police: 8,
  health: 7,
  outreach: 4,
  safe_house: 2,
});
const VIOLENCE = weighted({
  psychological_abuse: 38,
  physical_assault: 32,
  denial_of_resources: 10,
  sexual_assault: 10,
  rape: 6,
  forced_marriage: 4,
});
const SECOND_VIOLENCE = weighted({ psychological_abuse: 55, denial_of_resources: 25, physical_assault: 20 });
const DV_ACTS = weighted({
  abuse_beating_threats: 35,
  insults_degradation: 25,
  economic_control_forced_labour: 10,
  isolation_from_relations: 8,
  forced_sexual_acts: 7,
  neglect_of_dependants: 5,
  seizing_or_destroying_property: 5,
  forced_eviction: 5,
});
const PERPETRATORS = weighted({
  spouse: 48,
  former_spouse: 7,
  cohabiting_partner: 4,
  intimate_partner: 5,
  parent: 6,
  step_parent: 2,
  in_law: 5,
  other_family: 4,
  child: 3,
  acquaintance: 5,
  neighbour: 3,
  employer: 2,
  stranger: 4,
  unknown: 2,
});
const PLACES = weighted({ home: 72, public_place: 8, workplace: 6, online: 6, school: 3, other: 5 });
const RISK_LEVELS = weighted({ low: 60, medium: 32, high: 6, critical: 2 });
const REPORTER_RELATIONSHIPS = weighted({
  parent: 25,
  sibling: 15,
  neighbour: 20,
  friend: 15,
  other_family: 10,
  official: 10,
  other: 5,
});
const MARITAL = weighted({
  married: 55,
  never_married: 18,
  separated: 8,
  divorced: 8,
  cohabiting: 5,
  widowed: 3,
  unknown: 3,
});
const OCCUPATIONS = weighted({
  private_employee: 18,
  trader_self_employed: 16,
  homemaker: 12,
  casual_labour: 10,
  factory_worker: 9,
  student: 9,
  public_sector: 6,
  agriculture: 5,
  unemployed: 6,
  retired: 3,
  domestic_worker: 2,
  other: 2,
  unknown: 2,
});

const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Phan',
  'Vũ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
];
const FEMALE_GIVEN = [
  'Lan',
  'Hoa',
  'Hương',
  'Mai',
  'Linh',
  'Trang',
  'Thảo',
  'Nga',
  'Huyền',
  'Hạnh',
  'Yến',
  'Dung',
];
const MALE_GIVEN = ['Minh', 'Hùng', 'Dũng', 'Tuấn', 'Nam', 'Long', 'Quang', 'Sơn', 'Hải', 'Đức', 'Phúc'];
const FEMALE_MIDDLE = ['Thị', 'Thu', 'Ngọc', 'Thanh', 'Hồng', 'Minh'];
const MALE_MIDDLE = ['Văn', 'Đức', 'Minh', 'Quốc', 'Hữu'];
const STREETS = [
  'Kim Mã',
  'Láng',
  'Giải Phóng',
  'Minh Khai',
  'Nguyễn Trãi',
  'Hoàng Hoa Thám',
  'Trần Duy Hưng',
];
const SAFE_TIMES = ['Sau 20 giờ', 'Buổi sáng, 8–11 giờ', 'Giờ nghỉ trưa', 'Chỉ nhắn tin, không gọi'];
const CODE_WORDS = ['hoa sen', 'mưa rào', 'bánh cuốn', 'áo xanh', 'trà đá', 'con mèo'];

interface RiskItem {
  key: string;
  type: 'boolean' | 'scale';
  max?: number;
  weight: number;
}

function riskCatalogue(): { items: RiskItem[]; levels: { level: string; minScore: number }[] } {
  const raw = parse(
    readFileSync(join(__dirname, '..', 'config', 'catalogues', 'risk-questionnaire.yaml'), 'utf8'),
  ) as {
    items: RiskItem[];
    levels: { level: string; minScore: number }[];
  };
  return { items: raw.items, levels: [...raw.levels].sort((a, b) => a.minScore - b.minScore) };
}

/** Random answer sets scored as the catalogue scores them, `perLevel` of each level. */
function riskAnswerPool(
  crypto: CryptoService,
  perLevel: number,
): { level: string; variant: number; score: number; answersEnc: string }[] {
  const { items, levels } = riskCatalogue();
  const out: { level: string; variant: number; score: number; answersEnc: string }[] = [];
  const count = new Map<string, number>();
  // Bounded: high levels need several "yes" answers; 200,000 draws find them all many times over.
  for (let draw = 0; draw < 200_000 && out.length < perLevel * levels.length; draw++) {
    const density = Math.random();
    const answers: Record<string, boolean | number> = {};
    let score = 0;
    for (const item of items) {
      if (item.type === 'scale') {
        const v = Math.min(item.max ?? 3, Math.floor(Math.random() * ((item.max ?? 3) + 1) * density * 1.5));
        answers[item.key] = v;
        score += v * item.weight;
      } else {
        const v = Math.random() < density * 0.6;
        answers[item.key] = v;
        if (v) score += item.weight;
      }
    }
    let level = levels[0]?.level ?? 'low';
    for (const l of levels) if (score >= l.minScore) level = l.level;
    const n = count.get(level) ?? 0;
    if (n >= perLevel) continue;
    count.set(level, n + 1);
    out.push({
      level,
      variant: n + 1,
      score,
      answersEnc: crypto.encrypt(JSON.stringify(answers), 'risk_assessments.answers_enc'),
    });
  }
  for (const l of levels) {
    if ((count.get(l.level) ?? 0) < perLevel)
      throw new Error(`could not draw risk answers for level ${l.level}`);
  }
  return out;
}

interface PoolColumns {
  i: number[];
  sex: string[];
  birth_year: number[];
  full_name_enc: string[];
  phones_enc: string[];
  phone_ix: string[];
  birth_year_enc: string[];
  national_id_enc: (string | null)[];
  national_id_ix: (string | null)[];
  name_birth_year_ix: (string | null)[];
  address_detail_enc: string[];
  safe_times_enc: string[];
  code_word_enc: string[];
  reporter_name_enc: string[];
  reporter_phone_enc: string[];
  reporter_phone_ix: string[];
}

const randomPhone = (): string =>
  `0${pick(['9', '8', '3', '7'])}${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

/** The people of the pool: each row a consistent person (name, sex, birth year, phone, ID) and a reporter. */
function personPool(crypto: CryptoService, size: number, referenceYear: number): PoolColumns {
  const p: PoolColumns = {
    i: [],
    sex: [],
    birth_year: [],
    full_name_enc: [],
    phones_enc: [],
    phone_ix: [],
    birth_year_enc: [],
    national_id_enc: [],
    national_id_ix: [],
    name_birth_year_ix: [],
    address_detail_enc: [],
    safe_times_enc: [],
    code_word_enc: [],
    reporter_name_enc: [],
    reporter_phone_enc: [],
    reporter_phone_ix: [],
  };
  const bandWeights = Object.fromEntries(Object.entries(AGE_BANDS).map(([k, v]) => [k, v[0]]));
  const e = (v: string, column: string): string => crypto.encrypt(v, column);
  const ix = (v: string | undefined): string => {
    if (!v) throw new Error('pool value without an index');
    return v;
  };
  for (let i = 1; i <= size; i++) {
    const sex = pickWeighted(SEXES);
    const band = AGE_BANDS[pickWeighted(bandWeights)] ?? [1, 26, 40];
    const birthYear = referenceYear - randomInt(band[1], band[2] + 1);
    const female = sex !== 'male';
    const name = `${pick(FAMILY)} ${pick(female ? FEMALE_MIDDLE : MALE_MIDDLE)} ${pick(female ? FEMALE_GIVEN : MALE_GIVEN)}`;
    const phone = randomPhone();
    const e164 = `+84${phone.slice(1)}`;
    const hasId = birthYear <= referenceYear - 14 && Math.random() < 0.7;
    const centuryDigit = (birthYear >= 2000 ? 2 : 0) + (female ? 1 : 0);
    const nationalId = `001${centuryDigit}${String(birthYear % 100).padStart(2, '0')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    const reporterPhone = randomPhone();
    p.i.push(i);
    p.sex.push(sex);
    p.birth_year.push(birthYear);
    p.full_name_enc.push(e(name, 'survivors.full_name_enc'));
    p.phones_enc.push(e(JSON.stringify([e164]), 'survivors.phones_enc'));
    p.phone_ix.push(ix(crypto.phoneIndex(e164)));
    p.birth_year_enc.push(e(String(birthYear), 'survivors.birth_year_enc'));
    p.national_id_enc.push(hasId ? e(nationalId, 'survivors.national_id_enc') : null);
    p.national_id_ix.push(hasId ? ix(crypto.nationalIdIndex(nationalId)) : null);
    p.name_birth_year_ix.push(crypto.nameBirthYearIndex(name, birthYear) ?? null);
    p.address_detail_enc.push(
      e(
        `Số ${randomInt(1, 200)}, ngõ ${randomInt(1, 150)} phố ${pick(STREETS)}`,
        'survivors.address_detail_enc',
      ),
    );
    p.safe_times_enc.push(e(pick(SAFE_TIMES), 'survivors.safe_times_enc'));
    p.code_word_enc.push(e(pick(CODE_WORDS), 'survivors.code_word_enc'));
    p.reporter_name_enc.push(
      e(`${pick(FAMILY)} ${pick(FEMALE_MIDDLE)} ${pick(FEMALE_GIVEN)}`, 'reporters.full_name_enc'),
    );
    p.reporter_phone_enc.push(e(`+84${reporterPhone.slice(1)}`, 'reporters.phone_enc'));
    p.reporter_phone_ix.push(ix(crypto.phoneIndex(reporterPhone)));
  }
  return p;
}

const ORGANIZATIONS: { name: string; type: string; share: number }[] = [
  { name: 'Đường dây nóng hỗ trợ (dữ liệu thử)', type: 'hotline', share: 35 },
  { name: 'Trung tâm Công tác xã hội Hà Nội (dữ liệu thử)', type: 'social_work_centre', share: 25 },
  { name: 'Trung tâm Công tác xã hội Sơn Tây (dữ liệu thử)', type: 'social_work_centre', share: 15 },
  { name: 'Trung tâm Công tác xã hội Đông Anh (dữ liệu thử)', type: 'social_work_centre', share: 15 },
  { name: 'Nhà tạm lánh Bình Yên (dữ liệu thử)', type: 'safe_house', share: 10 },
];
const COUNSELLORS_PER_ORG = 8;
const OPERATORS_PER_ORG = 4;
const SUPERVISORS_PER_ORG = 2;

/**
 * The chunk's case attributes, drawn once and reused by every table. `g` runs over the whole run, and
 * opened_at = start + (g − 1) × step, so references (HN-<year>-<seq>) follow from g and the year bounds.
 */
const CHUNK_SQL = `
CREATE TEMP TABLE gen_chunk ON COMMIT DROP AS
SELECT g, a.*,
       CASE WHEN a.age_days > 365 THEN (ARRAY['closed','in_progress'])[width_bucket(random(), ARRAY[0,0.85])]
            WHEN a.age_days > 90 THEN (ARRAY['closed','in_progress','case_plan','reopened'])[width_bucket(random(), ARRAY[0,0.45,0.85,0.95])]
            WHEN a.age_days > 14 THEN (ARRAY['in_progress','case_plan','assessment','closed'])[width_bucket(random(), ARRAY[0,0.4,0.7,0.9])]
            ELSE (ARRAY['intake','assessment','case_plan'])[width_bucket(random(), ARRAY[0,0.4,0.8])] END AS status
  FROM generate_series($1::int, $2::int) AS g,
  LATERAL (
    SELECT gen_random_uuid() AS id,
           1 + floor(random() * $3::int)::int AS person,
           width_bucket(random(), $4::float8[]) AS org_i,
           floor(random() * ${COUNSELLORS_PER_ORG})::int AS counsellor_k,
           floor(random() * ${OPERATORS_PER_ORG})::int AS operator_k,
           ($5::text[])[1 + floor(power(random(), 1.6) * array_length($5::text[], 1))::int] AS commune,
           to_timestamp(($6::float8 + (g - 1)::float8 * $7::float8) / 1000.0) AS opened_at,
           ($8::int[])[width_bucket(g - 1, $9::int[])] AS year,
           g - ($9::int[])[width_bucket(g - 1, $9::int[])] AS seq,
           (($6::float8 + $10::float8 - ($6::float8 + (g - 1)::float8 * $7::float8)) / 86400000.0) AS age_days,
           ($11::text[])[width_bucket(random(), $12::float8[])] AS channel,
           ($13::text[])[width_bucket(random(), $14::float8[])] AS risk_level,
           1 + floor(random() * $15::int)::int AS risk_variant,
           random() < 0.9 AS assessed,
           random() < 0.3 AS has_reporter,
           random() < 0.15 AS second_incident,
           random() < 0.3 AS referral_consent
  ) AS a`;

/** Fills the database at `url` (migrated) with synthetic organisations, staff and cases. */
export async function generateCases(
  url: string,
  crypto: CryptoService,
  o: GenerateOptions,
): Promise<GenerateResult> {
  const log = o.log ?? (() => undefined);
  const c = new Client({ connectionString: url, application_name: 'haven-bench-generate' });
  await c.connect();
  try {
    await c.query(`SET synchronous_commit = off`);
    await c.query(`SELECT setseed($1)`, [((o.seed % 1000) / 1000) * 2 - 1]);
    const communes = (
      await c.query<{ code: string }>(
        `SELECT code FROM geo_communes WHERE province_code = '01' AND valid_to IS NULL ORDER BY code`,
      )
    ).rows.map((r) => r.code);
    if (communes.length === 0) throw new Error('no communes of Hanoi (province 01) in geo_communes');
    // The order of communes decides who gets most cases (power-law by position): shuffle once.
    for (let i = communes.length - 1; i > 0; i--) {
      const j = randomInt(0, i + 1);
      [communes[i], communes[j]] = [communes[j] as string, communes[i] as string];
    }

    // --- organisations and staff ----------------------------------------------------------------------
    const tag = Date.now().toString(36);
    const passwordHash = await hashPassword(DEFAULT_TEST_PASSWORD);
    const orgs: { id: string; name: string; type: string }[] = [];
    for (const org of ORGANIZATIONS) {
      const name = `${org.name} ${tag}`;
      const r = await c.query<{ id: string }>(
        `INSERT INTO organizations (name, type, province_code, commune_code) VALUES ($1, $2, '01', $3) RETURNING id`,
        [name, org.type, communes[orgs.length] ?? null],
      );
      orgs.push({ id: r.rows[0]?.id ?? '', name, type: org.type });
    }
    await c.query(
      `CREATE TEMP TABLE gen_staff (org_i int, role text, k int, id uuid, PRIMARY KEY (org_i, role, k))`,
    );
    const roles: [string, number][] = [
      ['counsellor', COUNSELLORS_PER_ORG],
      ['hotline_operator', OPERATORS_PER_ORG],
      ['supervisor', SUPERVISORS_PER_ORG],
    ];
    for (const [i, org] of orgs.entries()) {
      for (const [role, n] of roles) {
        await c.query(
          `WITH u AS (
             INSERT INTO users (username, display_name, roles, organization_id, password_hash)
             SELECT 'gen.' || $1 || '.' || $2::int || '.' || $3 || '.' || k, 'Nhân viên thử ' || $2::int || '-' || k,
                    ARRAY[$3], $4::uuid, $5
               FROM generate_series(0, $6::int - 1) AS k
             RETURNING id, username)
           INSERT INTO gen_staff (org_i, role, k, id)
           SELECT $2::int + 1, $3, split_part(username, '.', 5)::int, id FROM u`,
          [tag, i, role, org.id, passwordHash, n],
        );
      }
    }

    // --- the encrypted pool -------------------------------------------------------------------------------
    const t0 = performance.now();
    const referenceYear = new Date().getUTCFullYear();
    const p = personPool(crypto, o.pool, referenceYear);
    await c.query(
      `CREATE TEMP TABLE gen_pool AS
       SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[],
                            $15::text[], $16::text[])
         AS t(i, sex, birth_year, full_name_enc, phones_enc, phone_ix, birth_year_enc, national_id_enc, national_id_ix,
              name_birth_year_ix, address_detail_enc, safe_times_enc, code_word_enc, reporter_name_enc,
              reporter_phone_enc, reporter_phone_ix)`,
      [
        p.i,
        p.sex,
        p.birth_year,
        p.full_name_enc,
        p.phones_enc,
        p.phone_ix,
        p.birth_year_enc,
        p.national_id_enc,
        p.national_id_ix,
        p.name_birth_year_ix,
        p.address_detail_enc,
        p.safe_times_enc,
        p.code_word_enc,
        p.reporter_name_enc,
        p.reporter_phone_enc,
        p.reporter_phone_ix,
      ],
    );
    await c.query(`ALTER TABLE gen_pool ADD PRIMARY KEY (i)`);
    const RISK_VARIANTS = 25;
    const risk = riskAnswerPool(crypto, RISK_VARIANTS);
    await c.query(
      `CREATE TEMP TABLE gen_risk AS SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[])
         AS t(level, variant, score, answers_enc)`,
      [
        risk.map((r) => r.level),
        risk.map((r) => r.variant),
        risk.map((r) => r.score),
        risk.map((r) => r.answersEnc),
      ],
    );
    await c.query(`ANALYZE gen_pool; ANALYZE gen_risk; ANALYZE gen_staff`);
    const poolSeconds = (performance.now() - t0) / 1000;
    log(
      `pool: ${o.pool} people and ${risk.length} risk answer sets encrypted in ${poolSeconds.toFixed(1)} s`,
    );

    // --- time line: N cases over the two years before now ------------------------------------------------
    const nowMs = Date.now();
    const spanMs = 730 * 86_400_000;
    const stepMs = spanMs / o.cases;
    const startMs = nowMs - spanMs;
    const HANOI_OFFSET_MS = 7 * 3_600_000;
    const years: number[] = [];
    const bounds: number[] = [];
    const firstYear = new Date(startMs + HANOI_OFFSET_MS).getUTCFullYear();
    const lastYear = new Date(nowMs + HANOI_OFFSET_MS).getUTCFullYear();
    for (let y = firstYear; y <= lastYear; y++) {
      const jan1 = Date.UTC(y, 0, 1) - HANOI_OFFSET_MS;
      // Cases before 1 January (Hanoi) of year y: those with (g − 1) × step < jan1 − start.
      years.push(y);
      bounds.push(y === firstYear ? 0 : Math.max(0, Math.ceil((jan1 - startMs) / stepMs)));
    }
    // Existing references of those years (a database given by --database): continue after them.
    const existing = await c.query<{ year: number; last_value: number }>(
      `SELECT year, last_value FROM case_reference_counters WHERE prefix = 'HN'`,
    );
    const offsetOf = new Map(existing.rows.map((r) => [r.year, r.last_value]));
    const orgW = weighted(Object.fromEntries(ORGANIZATIONS.map((x, k) => [String(k + 1), x.share])));

    const rows: Record<string, number> = {};
    const add = (table: string, n: number | null): void => {
      rows[table] = (rows[table] ?? 0) + (n ?? 0);
    };
    add('organizations', orgs.length);
    add('users', orgs.length * (COUNSELLORS_PER_ORG + OPERATORS_PER_ORG + SUPERVISORS_PER_ORG));

    const t1 = performance.now();
    let done = 0;
    for (let lo = 1; lo <= o.cases; lo += o.chunk) {
      if (Date.now() > o.deadline) throw new Error(`time limit reached after ${done} cases`);
      const hi = Math.min(o.cases, lo + o.chunk - 1);
      await c.query('BEGIN');
      await c.query(CHUNK_SQL, [
        lo,
        hi,
        o.pool,
        orgW.thresholds,
        communes,
        startMs,
        stepMs,
        years,
        bounds,
        spanMs,
        CHANNELS.keys,
        CHANNELS.thresholds,
        RISK_LEVELS.keys,
        RISK_LEVELS.thresholds,
        RISK_VARIANTS,
      ]);
      // seq = g − bounds[year]; shift by what the counters of a given database already held.
      if (offsetOf.size > 0) {
        await c.query(`UPDATE gen_chunk SET seq = seq + ($1::int[])[array_position($2::int[], year)]`, [
          years.map((y) => offsetOf.get(y) ?? 0),
          years,
        ]);
      }
      const orgIds = orgs.map((x) => x.id);
      const r1 = await c.query(
        `INSERT INTO cases (id, reference, organization_id, channel, received_at, status, assignee_id, risk_level,
                            risk_score, context, restricted, created_by, opened_at, updated_at, closed_at, version,
                            record_key)
         SELECT ch.id,
                'HN-' || ch.year || '-' || CASE WHEN ch.seq < 1000000 THEN lpad(ch.seq::text, 6, '0') ELSE ch.seq::text END,
                ($1::uuid[])[ch.org_i], ch.channel, ch.opened_at - (random() * interval '20 minutes'), ch.status,
                CASE WHEN ch.status = 'intake' THEN NULL ELSE co.id END,
                CASE WHEN ch.assessed THEN ch.risk_level END, CASE WHEN ch.assessed THEN r.score END,
                '{}', random() < 0.01, op.id, ch.opened_at,
                ch.opened_at + least(ch.age_days, 30) * random() * interval '1 day',
                CASE WHEN ch.status = 'closed' THEN ch.opened_at + least(ch.age_days, 120) * (0.2 + 0.8 * random()) * interval '1 day' END,
                1 + floor(random() * 6)::int, floor(random() * 2147483647)::int
           FROM gen_chunk ch
           JOIN gen_staff co ON co.org_i = ch.org_i AND co.role = 'counsellor' AND co.k = ch.counsellor_k
           JOIN gen_staff op ON op.org_i = ch.org_i AND op.role = 'hotline_operator' AND op.k = ch.operator_k
           JOIN gen_risk r ON r.level = ch.risk_level AND r.variant = ch.risk_variant`,
        [orgIds],
      );
      add('cases', r1.rowCount);
      const r2 = await c.query(
        `INSERT INTO survivors (case_id, full_name_enc, phones_enc, phone_indexes, sex, birth_year_enc, age_group,
                                national_id_enc, national_id_index, name_birth_year_index, commune_code,
                                address_detail_enc, disability, ethnic_minority, marital_status, occupation_group,
                                can_call, can_text, can_leave_message, phone_shared_with_perpetrator, safe_times_enc,
                                code_word_enc)
         SELECT ch.id, p.full_name_enc, p.phones_enc, ARRAY[p.phone_ix], p.sex, p.birth_year_enc,
                CASE WHEN x.age <= 5 THEN 'age_0_5' WHEN x.age <= 11 THEN 'age_6_11' WHEN x.age <= 17 THEN 'age_12_17'
                     WHEN x.age <= 25 THEN 'age_18_25' WHEN x.age <= 40 THEN 'age_26_40' WHEN x.age <= 60 THEN 'age_41_60'
                     ELSE 'age_61_plus' END,
                p.national_id_enc, p.national_id_ix, p.name_birth_year_ix, ch.commune, p.address_detail_enc,
                random() < 0.05, random() < 0.04,
                CASE WHEN x.age >= 18 THEN ($1::text[])[width_bucket(random(), $2::float8[])] END,
                CASE WHEN x.age >= 15 THEN ($3::text[])[width_bucket(random(), $4::float8[])] ELSE 'student' END,
                random() < 0.8, random() < 0.6, random() < 0.3, random() < 0.15,
                CASE WHEN random() < 0.5 THEN p.safe_times_enc END, CASE WHEN random() < 0.2 THEN p.code_word_enc END
           FROM gen_chunk ch JOIN gen_pool p ON p.i = ch.person,
                LATERAL (SELECT greatest(0, ch.year - p.birth_year) AS age) x`,
        [MARITAL.keys, MARITAL.thresholds, OCCUPATIONS.keys, OCCUPATIONS.thresholds],
      );
      add('survivors', r2.rowCount);
      const r3 = await c.query(
        `INSERT INTO reporters (case_id, relationship, full_name_enc, phone_enc, phone_index)
         SELECT ch.id, ($1::text[])[width_bucket(random(), $2::float8[])], p.reporter_name_enc, p.reporter_phone_enc,
                p.reporter_phone_ix
           FROM gen_chunk ch JOIN gen_pool p ON p.i = 1 + (ch.person * 7919) % $3::int
          WHERE ch.has_reporter`,
        [REPORTER_RELATIONSHIPS.keys, REPORTER_RELATIONSHIPS.thresholds, o.pool],
      );
      add('reporters', r3.rowCount);
      const r4 = await c.query(
        `INSERT INTO incidents (case_id, occurred_on, commune_code, place_type, violence_types, dv_acts,
                                perpetrator_relationship, perpetrator_sex, perpetrator_age_group, perpetrator_count,
                                repeated, previously_reported, children_present, created_by, created_at)
         SELECT ch.id,
                CASE WHEN random() < 0.7 THEN to_char(ch.opened_at - random() * interval '60 days', 'YYYY-MM-DD')
                     ELSE to_char(ch.opened_at - random() * interval '365 days', 'YYYY-MM') END,
                CASE WHEN random() < 0.85 THEN ch.commune END,
                ($1::text[])[width_bucket(random(), $2::float8[])],
                CASE WHEN n = 1 AND random() < 0.35
                     THEN ARRAY[($3::text[])[width_bucket(random(), $4::float8[])], ($5::text[])[width_bucket(random(), $6::float8[])]]
                     ELSE ARRAY[($3::text[])[width_bucket(random(), $4::float8[])]] END,
                ARRAY[($7::text[])[width_bucket(random(), $8::float8[])]],
                ($9::text[])[width_bucket(random(), $10::float8[])],
                CASE WHEN random() < 0.85 THEN 'male' ELSE 'female' END,
                (ARRAY['age_18_25','age_26_40','age_41_60','age_61_plus'])[width_bucket(random(), ARRAY[0,0.15,0.6,0.95])],
                1, random() < 0.6, random() < 0.2, random() < 0.35, st.id,
                ch.opened_at + (n - 1) * random() * interval '90 days'
           FROM gen_chunk ch
           JOIN gen_staff st ON st.org_i = ch.org_i AND st.role = 'counsellor' AND st.k = ch.counsellor_k
           CROSS JOIN LATERAL generate_series(1, CASE WHEN ch.second_incident THEN 2 ELSE 1 END) AS n`,
        [
          PLACES.keys,
          PLACES.thresholds,
          VIOLENCE.keys,
          VIOLENCE.thresholds,
          SECOND_VIOLENCE.keys,
          SECOND_VIOLENCE.thresholds,
          DV_ACTS.keys,
          DV_ACTS.thresholds,
          PERPETRATORS.keys,
          PERPETRATORS.thresholds,
        ],
      );
      add('incidents', r4.rowCount);
      const r5 = await c.query(
        `INSERT INTO risk_assessments (case_id, answers_enc, score, level, assessed_by, assessed_at)
         SELECT ch.id, r.answers_enc, r.score, r.level, op.id, ch.opened_at
           FROM gen_chunk ch
           JOIN gen_risk r ON r.level = ch.risk_level AND r.variant = ch.risk_variant
           JOIN gen_staff op ON op.org_i = ch.org_i AND op.role = 'hotline_operator' AND op.k = ch.operator_k
          WHERE ch.assessed`,
      );
      add('risk_assessments', r5.rowCount);
      const r6 = await c.query(
        `INSERT INTO consents (case_id, purpose, provider_types, shared_fields, method, given_by, recorded_by, given_at)
         SELECT ch.id, pu.purpose,
                CASE WHEN pu.purpose = 'referral' THEN ARRAY['health','legal_aid','police'] ELSE '{}' END,
                CASE WHEN pu.purpose = 'referral' THEN ARRAY['fullName','phones','riskLevel','violenceTypes'] ELSE '{}' END,
                CASE WHEN ch.channel = 'hotline' THEN 'verbal' ELSE (ARRAY['verbal','written'])[width_bucket(random(), ARRAY[0,0.5])] END,
                CASE WHEN sv.age_group IN ('age_0_5','age_6_11','age_12_17') THEN 'guardian' ELSE 'survivor' END,
                op.id, ch.opened_at
           FROM gen_chunk ch
           JOIN survivors sv ON sv.case_id = ch.id
           JOIN gen_staff op ON op.org_i = ch.org_i AND op.role = 'hotline_operator' AND op.k = ch.operator_k
           CROSS JOIN LATERAL unnest(CASE WHEN ch.referral_consent THEN ARRAY['case_management','referral']
                                          ELSE ARRAY['case_management'] END) AS pu(purpose)`,
      );
      add('consents', r6.rowCount);
      const r7 = await c.query(
        `INSERT INTO case_assignments (case_id, assignee_id, assigned_by, assigned_at)
         SELECT ch.id, co.id, su.id, ch.opened_at + random() * interval '2 days'
           FROM gen_chunk ch
           JOIN gen_staff co ON co.org_i = ch.org_i AND co.role = 'counsellor' AND co.k = ch.counsellor_k
           JOIN gen_staff su ON su.org_i = ch.org_i AND su.role = 'supervisor' AND su.k = ch.counsellor_k % ${SUPERVISORS_PER_ORG}
          WHERE ch.status <> 'intake'`,
      );
      add('case_assignments', r7.rowCount);
      await c.query('COMMIT');
      done = hi;
      const s = (performance.now() - t1) / 1000;
      log(
        `${done.toLocaleString('en-US')} cases in ${s.toFixed(1)} s (${Math.round(done / s).toLocaleString('en-US')} cases/s)`,
      );
    }
    const generateSeconds = (performance.now() - t1) / 1000;
    // Intakes after the generated ones continue the references.
    await c.query(
      `INSERT INTO case_reference_counters (prefix, year, last_value)
       SELECT 'HN', split_part(reference, '-', 2)::int, max(split_part(reference, '-', 3)::int)
         FROM cases WHERE reference LIKE 'HN-%' GROUP BY 2
       ON CONFLICT (prefix, year) DO UPDATE SET last_value = greatest(case_reference_counters.last_value, EXCLUDED.last_value)`,
    );
    const t2 = performance.now();
    for (const table of [
      'cases',
      'survivors',
      'reporters',
      'incidents',
      'risk_assessments',
      'consents',
      'case_assignments',
    ])
      await c.query(`VACUUM ANALYZE ${table}`);
    const analyzeSeconds = (performance.now() - t2) / 1000;
    const caseRows = rows.cases ?? 0;
    const totalRows = Object.values(rows).reduce((s, n) => s + n, 0);
    return {
      cases: caseRows,
      rows,
      totalRows,
      poolSeconds,
      generateSeconds,
      analyzeSeconds,
      rowsPerSecond: Math.round(totalRows / generateSeconds),
      casesPerSecond: Math.round(caseRows / generateSeconds),
      organizations: orgs,
    };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
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
