import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, ClientBase } from 'pg';
import { parse } from 'yaml';
import { configDir } from '../platform/config';
import { CryptoService, Plain } from '../platform/crypto';
import { REPORTER_DATA, RISK_ASSESSMENT_DATA, SURVIVOR_DATA } from '../modules/cases';
import { FOLLOW_UP_DATA } from '../modules/followups';

/**
 * Synthetic case data (issue "Case intake and the case file"), shared by the benchmarks (bench/generate.ts,
 * which wraps it with its command line) and `seed:demo` (src/seed): organisations and staff,
 * then N cases with their survivors, reporters, incidents, risk assessments, consents and assignments,
 * generated in SQL (`INSERT … SELECT … FROM generate_series`, chunk by chunk) from a pool of values
 * encrypted once with the real CryptoService and joined in by index. Every value is made up.
 *
 * counsellors (option) spreads N spreads N counsellors over the organisations by their share of the cases (and one
 * supervisor per ten counsellors, at least two), instead of 8 per organisation: 1,000,000 cases leave about
 * 395,000 open, so --counsellors 2000 gives each counsellor about 200 open cases. --follow-ups N adds N
 * follow-ups in all, spread evenly over the cases (3 per case for 1,000,000 cases and 3,000,000):
 * past ones done or cancelled; on an open case the last one open (overdue, due today, this week or later,
 * in Asia/Ho_Chi_Minh days), and sometimes the one before it too.
 *
 *
 * It lives in src (not bench) because the built image runs `seed:demo` from dist/, and bench/ is not
 * compiled; the configuration files are read from the application's config/ folder.
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
  /** Counsellors in all, spread over the organisations by case share; default 8 per organisation. */
  counsellors?: number;
  /** Follow-ups in all, spread evenly over the cases; default none. */
  followUps?: number;
  /** The argon2id hash every generated member of staff gets. */
  passwordHash: string;
  /**
   * The organisations that hold the cases, with their share of them; default the five of the benchmarks,
   * named with a time tag (so runs can add to one database). Given ones are named as given.
   */
  organizations?: GeneratedOrganization[];
  /** Staff usernames are `<prefix>.<organisation index>.<role>.<k>`; default `gen.<time tag>`. */
  usernamePrefix?: string;
  /** Days before now that the cases' opening dates span; default 730 (two years). */
  spanDays?: number;
  /**
   * `demo` marks every person as made up: names and addresses end in "(demo)", phones are Hanoi
   * fixed-line numbers whose subscriber part starts with 0 (never assigned: 0 is the trunk prefix), and
   * ID numbers start with province code 000 (none). Default `plain` (realistic-looking, for benchmarks).
   */
  people?: 'plain' | 'demo';
  /** The configuration folder (catalogues, reminders.yaml); default the application's config/. */
  configDir?: string;
  /**
   * A connected client inside the caller's transaction: everything is written in it (no transaction per
   * chunk, no VACUUM ANALYZE; the caller analyses after its commit). Default: a client of its own on `url`.
   */
  client?: ClientBase;
  log?: (message: string) => void;
}

export interface GeneratedOrganization {
  name: string;
  type: string;
  /** Relative share of the cases. */
  share: number;
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
  /** Staff per organisation (same order as organizations). */
  staffPerOrganization: { counsellors: number; operators: number; supervisors: number }[];
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

function riskCatalogue(dir: string): { items: RiskItem[]; levels: { level: string; minScore: number }[] } {
  const raw = parse(readFileSync(join(dir, 'catalogues', 'risk-questionnaire.yaml'), 'utf8')) as {
    items: RiskItem[];
    levels: { level: string; minScore: number }[];
  };
  return { items: raw.items, levels: [...raw.levels].sort((a, b) => a.minScore - b.minScore) };
}

/** Random answer sets scored as the catalogue scores them, `perLevel` of each level. */
function riskAnswerPool(
  crypto: CryptoService,
  perLevel: number,
  dir: string,
): { level: string; variant: number; score: number; answersEnc: string }[] {
  const { items, levels } = riskCatalogue(dir);
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
      answersEnc: sealed(RISK_ASSESSMENT_DATA.sealOne(crypto, 'answers', answers)),
    });
  }
  for (const l of levels) {
    if ((count.get(l.level) ?? 0) < perLevel)
      throw new Error(`could not draw risk answers for level ${l.level}`);
  }
  return out;
}

/** A pool value sealed through its declaration (never absent: the pools hold made-up values only). */
function sealed(value: string | null): string {
  if (value === null) throw new Error('pool value without a ciphertext');
  return value;
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

const randomPhone = (demo: boolean): string =>
  demo
    ? `0240${String(randomInt(0, 10_000_000)).padStart(7, '0')}`
    : `0${pick(['9', '8', '3', '7'])}${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

/** The people of the pool: each row a consistent person (name, sex, birth year, phone, ID) and a reporter. */
function personPool(crypto: CryptoService, size: number, referenceYear: number, demo = false): PoolColumns {
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
  const mark = (s: string): string => (demo ? `${s} (demo)` : s);
  const bandWeights = Object.fromEntries(Object.entries(AGE_BANDS).map(([k, v]) => [k, v[0]]));
  const survivor = <K extends keyof typeof SURVIVOR_DATA.fields>(
    field: K,
    value: Plain<typeof SURVIVOR_DATA.fields>[K],
  ): string => sealed(SURVIVOR_DATA.sealOne(crypto, field, value));
  const reporter = (field: keyof typeof REPORTER_DATA.fields, value: string): string =>
    sealed(REPORTER_DATA.sealOne(crypto, field, value));
  const ix = (v: string | undefined): string => {
    if (!v) throw new Error('pool value without an index');
    return v;
  };
  for (let i = 1; i <= size; i++) {
    const sex = pickWeighted(SEXES);
    const band = AGE_BANDS[pickWeighted(bandWeights)] ?? [1, 26, 40];
    const birthYear = referenceYear - randomInt(band[1], band[2] + 1);
    const female = sex !== 'male';
    const name = mark(
      `${pick(FAMILY)} ${pick(female ? FEMALE_MIDDLE : MALE_MIDDLE)} ${pick(female ? FEMALE_GIVEN : MALE_GIVEN)}`,
    );
    const phone = randomPhone(demo);
    const e164 = `+84${phone.slice(1)}`;
    const hasId = birthYear <= referenceYear - 14 && Math.random() < 0.7;
    const centuryDigit = (birthYear >= 2000 ? 2 : 0) + (female ? 1 : 0);
    const nationalId = `${demo ? '000' : '001'}${centuryDigit}${String(birthYear % 100).padStart(2, '0')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    const reporterPhone = randomPhone(demo);
    p.i.push(i);
    p.sex.push(sex);
    p.birth_year.push(birthYear);
    p.full_name_enc.push(survivor('fullName', name));
    p.phones_enc.push(survivor('phones', [e164]));
    p.phone_ix.push(ix(crypto.phoneIndex(e164)));
    p.birth_year_enc.push(survivor('birthYear', birthYear));
    p.national_id_enc.push(hasId ? survivor('nationalId', nationalId) : null);
    p.national_id_ix.push(hasId ? ix(crypto.nationalIdIndex(nationalId)) : null);
    p.name_birth_year_ix.push(crypto.nameBirthYearIndex(name, birthYear) ?? null);
    p.address_detail_enc.push(
      survivor(
        'addressDetail',
        mark(`Số ${randomInt(1, 200)}, ngõ ${randomInt(1, 150)} phố ${pick(STREETS)}`),
      ),
    );
    p.safe_times_enc.push(survivor('safeTimes', pick(SAFE_TIMES)));
    p.code_word_enc.push(survivor('codeWord', pick(CODE_WORDS)));
    p.reporter_name_enc.push(
      reporter('fullName', mark(`${pick(FAMILY)} ${pick(FEMALE_MIDDLE)} ${pick(FEMALE_GIVEN)}`)),
    );
    p.reporter_phone_enc.push(reporter('phone', `+84${reporterPhone.slice(1)}`));
    p.reporter_phone_ix.push(ix(crypto.phoneIndex(reporterPhone)));
  }
  return p;
}

const ORGANIZATIONS: GeneratedOrganization[] = [
  { name: 'Đường dây nóng hỗ trợ (dữ liệu thử)', type: 'hotline', share: 35 },
  { name: 'Trung tâm Công tác xã hội Hà Nội (dữ liệu thử)', type: 'social_work_centre', share: 25 },
  { name: 'Trung tâm Công tác xã hội Sơn Tây (dữ liệu thử)', type: 'social_work_centre', share: 15 },
  { name: 'Trung tâm Công tác xã hội Đông Anh (dữ liệu thử)', type: 'social_work_centre', share: 15 },
  { name: 'Nhà tạm lánh Bình Yên (dữ liệu thử)', type: 'safe_house', share: 10 },
];
const COUNSELLORS_PER_ORG = 8;
const OPERATORS_PER_ORG = 4;
const SUPERVISORS_PER_ORG = 2;

/** Counsellors and supervisors per organisation: 8 and 2 each, or `total` counsellors by case share. */
export function staffing(
  total: number | undefined,
  organizations: readonly GeneratedOrganization[] = ORGANIZATIONS,
): { counsellors: number; supervisors: number }[] {
  const shares = organizations.reduce((s, x) => s + x.share, 0);
  return organizations.map((org) => {
    if (total === undefined) return { counsellors: COUNSELLORS_PER_ORG, supervisors: SUPERVISORS_PER_ORG };
    const counsellors = Math.max(1, Math.round((total * org.share) / shares));
    return { counsellors, supervisors: Math.max(SUPERVISORS_PER_ORG, Math.ceil(counsellors / 10)) };
  });
}

/** Kinds of follow-up and how often each is made (plausible, not statistics); only catalogue keys are used. */
const FOLLOW_UP_KIND_WEIGHTS: Record<string, number> = {
  call_back: 40,
  case_review: 18,
  home_visit: 10,
  safety_plan: 9,
  referral_check: 8,
  court_date: 4,
  measure_expiry: 3,
  measure_decision: 1,
  override_review: 1,
  other: 6,
};
/** When the open follow-up of an open case is due: overdue, today (Hanoi day), the next 6 days, later. */
const OPEN_DUE = { overdue: 18, today: 9, week: 25, later: 48 };
/** Hours overdue after which the escalation has gone out (reminder_stage 2); the scan's setting when set. */
const DEFAULT_OVERDUE_ESCALATION_HOURS = 24;
const FOLLOW_UP_NOTES = [
  'Gọi lại sau 20 giờ, hỏi về kế hoạch an toàn',
  'Nhắc lịch hẹn với trợ giúp pháp lý',
  'Kiểm tra tình hình sức khỏe sau khi khám',
  'Thăm nhà cùng cán bộ xã, chỉ khi người gây bạo lực vắng nhà',
  'Hỏi kết quả chuyển gửi sang bệnh viện',
  'Chuẩn bị hồ sơ cho phiên tòa',
  'Rà soát kế hoạch hỗ trợ với giám sát viên',
  'Chỉ nhắn tin, không gọi điện',
];

function catalogueKeys(dir: string, file: string): string[] {
  try {
    const raw = parse(readFileSync(join(dir, 'catalogues', file), 'utf8')) as {
      items?: { key: string }[];
    };
    return (raw.items ?? []).map((i) => i.key);
  } catch {
    return [];
  }
}

/** The follow-up kinds of the catalogue, weighted (the four basic kinds when the catalogue is missing). */
function followUpKinds(dir: string): Weighted {
  const keys = catalogueKeys(dir, 'follow-up-kinds.yaml');
  const known = keys.length ? keys : ['call_back', 'home_visit', 'safety_plan', 'case_review'];
  return weighted(Object.fromEntries(known.map((k) => [k, FOLLOW_UP_KIND_WEIGHTS[k] ?? 2])));
}

function followUpOutcomes(dir: string): string[] {
  const keys = catalogueKeys(dir, 'follow-up-outcomes.yaml');
  return keys.length ? keys : ['reached', 'not_reached', 'done'];
}

/**
 * Hours overdue after which the scan escalates, from config/reminders.yaml (overdueAfterHours and the
 * per-kind overrides) when it exists, else 24 h for every kind.
 */
function overdueEscalation(dir: string): { defaultHours: number; kinds: string[]; hours: number[] } {
  const out = {
    defaultHours: DEFAULT_OVERDUE_ESCALATION_HOURS,
    kinds: [] as string[],
    hours: [] as number[],
  };
  try {
    const raw = parse(readFileSync(join(dir, 'reminders.yaml'), 'utf8')) as {
      overdueAfterHours?: unknown;
      kinds?: Record<string, { overdueAfterHours?: unknown } | null>;
    };
    if (typeof raw.overdueAfterHours === 'number' && raw.overdueAfterHours > 0)
      out.defaultHours = raw.overdueAfterHours;
    for (const [kind, v] of Object.entries(raw.kinds ?? {})) {
      if (typeof v?.overdueAfterHours === 'number') {
        out.kinds.push(kind);
        out.hours.push(v.overdueAfterHours);
      }
    }
  } catch {
    // no file: the default
  }
  return out;
}

/**
 * The follow-ups of the chunk's cases. Case g gets floor(F·g/N) − floor(F·(g−1)/N) of them, so a run writes
 * exactly F. Follow-up n of m: on a closed case, or before the last on an open one, done (8 % cancelled),
 * due spread over the case's life; the last of an open case is open (OPEN_DUE), and the one before it is
 * open too for 30 % (due 8–45 days ahead, never a second open case_review: one per case is the rule).
 * Assignee, organisation and reference are the case's; stage and next_reminder_at follow from due time and
 * status as the reminder scan keeps them (0 and due_at before it is due, 1 and due_at + escalation delay
 * while overdue, 2 and null after the escalation or once done).
 */
const FOLLOW_UPS_SQL = `
INSERT INTO follow_ups (case_id, reference, organization_id, kind, due_at, assignee_id, note_enc, status,
                        completed_at, completed_by, outcome, reminder_stage, next_reminder_at, created_by,
                        created_at, updated_at)
SELECT b.case_id, b.reference, b.organization_id, b.kind, b.due_at, b.assignee_id, nt.note_enc, b.status,
       b.completed_at, CASE WHEN b.status = 'done' THEN coalesce(b.assignee_id, b.created_by) END,
       CASE WHEN b.status = 'done' THEN ($7::text[])[1 + floor(random() * array_length($7::text[], 1))::int] END,
       CASE WHEN b.status = 'open' THEN CASE WHEN b.due_at > $3::timestamptz THEN 0 WHEN b.due_at + b.esc > $3::timestamptz THEN 1 ELSE 2 END
            WHEN b.completed_at > b.due_at + b.esc THEN 2 WHEN b.completed_at > b.due_at THEN 1 ELSE 0 END,
       CASE WHEN b.status = 'open' THEN CASE WHEN b.due_at > $3::timestamptz THEN b.due_at
                                             WHEN b.due_at + b.esc > $3::timestamptz THEN b.due_at + b.esc END END,
       b.created_by, b.created_at, coalesce(b.completed_at, b.created_at)
  FROM (
    SELECT c.id AS case_id, c.reference, c.organization_id, c.assignee_id, r.note_i,
           coalesce(c.assignee_id, c.created_by) AS created_by,
           CASE WHEN r.open AND NOT r.last AND k.kind = 'case_review' THEN 'call_back' ELSE k.kind END AS kind,
           d.due_at,
           CASE WHEN r.open THEN 'open' WHEN r.u_status < 0.08 THEN 'cancelled' ELSE 'done' END AS status,
           CASE WHEN NOT r.open THEN least($3::timestamptz, greatest(cr.created_at, d.due_at + (r.u_done - 0.25) * interval '2 days')) END
             AS completed_at,
           cr.created_at,
           coalesce(($12::float8[])[array_position($11::text[], k.kind)], $6::float8) * interval '1 hour' AS esc
      FROM gen_chunk ch
      JOIN cases c ON c.id = ch.id
      CROSS JOIN LATERAL (SELECT (floor($1::float8 * ch.g / $2::float8) - floor($1::float8 * (ch.g - 1) / $2::float8))::int AS m) cnt
      CROSS JOIN LATERAL generate_series(1, cnt.m) AS n
      CROSS JOIN LATERAL (
        SELECT c.status <> 'closed' AND (n = cnt.m OR (n = cnt.m - 1 AND random() < 0.3)) AS open,
               n = cnt.m AS last, random() AS u_due, random() AS u_bucket, random() AS u_kind, random() AS u_status,
               random() AS u_done, random() AS u_created,
               CASE WHEN random() < 0.6 THEN 1 + floor(random() * $10::int)::int END AS note_i
      ) r
      CROSS JOIN LATERAL (
        SELECT CASE
          WHEN NOT r.open
            THEN c.opened_at + (least(coalesce(c.closed_at, $3::timestamptz), $3::timestamptz) - c.opened_at) * ((n - 1 + r.u_due) / cnt.m)
          WHEN NOT r.last THEN $3::timestamptz + interval '8 days' + r.u_due * interval '37 days'
          ELSE CASE width_bucket(r.u_bucket, $5::float8[])
            WHEN 1 THEN $3::timestamptz - interval '1 minute' - power(r.u_due, 2) * interval '14 days'
            WHEN 2 THEN $4::timestamptz + r.u_due * interval '1 day'
            WHEN 3 THEN $4::timestamptz + interval '1 day' + r.u_due * interval '6 days'
            ELSE $4::timestamptz + interval '7 days' + r.u_due * interval '30 days' END
        END AS due_at
      ) d
      CROSS JOIN LATERAL (SELECT ($8::text[])[width_bucket(r.u_kind, $9::float8[])] AS kind) k
      CROSS JOIN LATERAL (
        SELECT least(d.due_at, $3::timestamptz, greatest(c.opened_at, d.due_at - r.u_created * interval '10 days')) AS created_at
      ) cr
  ) b
  LEFT JOIN gen_notes nt ON nt.i = b.note_i`;

/**
 * The chunk's case attributes, drawn once and reused by every table. `g` runs over the whole run, and
 * opened_at = start + (g − 1) × step, so references (HN-<year>-<seq>) follow from g and the year bounds.
 */
const CHUNK_SQL = `
CREATE TEMP TABLE gen_chunk ON COMMIT DROP AS
SELECT g, a.*, floor(a.counsellor_u * ($16::int[])[a.org_i])::int AS counsellor_k,
       CASE WHEN a.age_days > 365 THEN (ARRAY['closed','in_progress'])[width_bucket(random(), ARRAY[0,0.85])]
            WHEN a.age_days > 90 THEN (ARRAY['closed','in_progress','case_plan','reopened'])[width_bucket(random(), ARRAY[0,0.45,0.85,0.95])]
            WHEN a.age_days > 14 THEN (ARRAY['in_progress','case_plan','assessment','closed'])[width_bucket(random(), ARRAY[0,0.4,0.7,0.9])]
            ELSE (ARRAY['intake','assessment','case_plan'])[width_bucket(random(), ARRAY[0,0.4,0.8])] END AS status
  FROM generate_series($1::int, $2::int) AS g,
  LATERAL (
    SELECT gen_random_uuid() AS id,
           1 + floor(random() * $3::int)::int AS person,
           width_bucket(random(), $4::float8[]) AS org_i,
           random() AS counsellor_u,
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

/** The tables the generation writes to (besides organisations and users). */
export const GENERATED_TABLES = [
  'cases',
  'survivors',
  'reporters',
  'incidents',
  'risk_assessments',
  'consents',
  'case_assignments',
  'follow_ups',
] as const;

/**
 * Fills the database at `url` (migrated) with synthetic organisations, staff and cases. The temporary
 * tables gen_staff (org_i, role, k, id) and gen_pool stay in the session of a given client until it ends.
 */
export async function generateCases(
  url: string,
  crypto: CryptoService,
  o: GenerateOptions,
): Promise<GenerateResult> {
  const log = o.log ?? (() => undefined);
  const ownClient = o.client
    ? undefined
    : new Client({ connectionString: url, application_name: 'haven-bench-generate' });
  const own = ownClient !== undefined;
  const c: ClientBase = o.client ?? (ownClient as Client);
  await ownClient?.connect();
  const organizations = o.organizations ?? ORGANIZATIONS;
  const dir = o.configDir ?? configDir();
  try {
    if (own) await c.query(`SET synchronous_commit = off`);
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
    const prefix = o.usernamePrefix ?? `gen.${tag}`;
    const passwordHash = o.passwordHash;
    const orgs: { id: string; name: string; type: string }[] = [];
    for (const org of organizations) {
      const name = o.organizations ? org.name : `${org.name} ${tag}`;
      const r = await c.query<{ id: string }>(
        `INSERT INTO organizations (name, type, province_code, commune_code) VALUES ($1, $2, '01', $3) RETURNING id`,
        [name, org.type, communes[orgs.length] ?? null],
      );
      orgs.push({ id: r.rows[0]?.id ?? '', name, type: org.type });
    }
    await c.query(`DROP TABLE IF EXISTS gen_staff, gen_pool, gen_risk, gen_notes, gen_chunk`);
    await c.query(
      `CREATE TEMP TABLE gen_staff (org_i int, role text, k int, id uuid, PRIMARY KEY (org_i, role, k))`,
    );
    const staff = staffing(o.counsellors, organizations);
    for (const [i, org] of orgs.entries()) {
      const roles: [string, number][] = [
        ['counsellor', staff[i]?.counsellors ?? COUNSELLORS_PER_ORG],
        ['hotline_operator', OPERATORS_PER_ORG],
        ['supervisor', staff[i]?.supervisors ?? SUPERVISORS_PER_ORG],
      ];
      for (const [role, n] of roles) {
        await c.query(
          `WITH u AS (
             INSERT INTO users (username, display_name, roles, organization_id, password_hash)
             SELECT $1 || '.' || $2::int || '.' || $3 || '.' || k, 'Nhân viên thử ' || $2::int || '-' || k,
                    ARRAY[$3], $4::uuid, $5
               FROM generate_series(0, $6::int - 1) AS k
             RETURNING id, username)
           INSERT INTO gen_staff (org_i, role, k, id)
           SELECT $2::int + 1, $3, reverse(split_part(reverse(username), '.', 1))::int, id FROM u`,
          [prefix, i, role, org.id, passwordHash, n],
        );
      }
    }

    // --- the encrypted pool -------------------------------------------------------------------------------
    const t0 = performance.now();
    const referenceYear = new Date().getUTCFullYear();
    const p = personPool(crypto, o.pool, referenceYear, o.people === 'demo');
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
    const risk = riskAnswerPool(crypto, RISK_VARIANTS, dir);
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
    const spanMs = (o.spanDays ?? 730) * 86_400_000;
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
    const orgW = weighted(Object.fromEntries(organizations.map((x, k) => [String(k + 1), x.share])));

    const rows: Record<string, number> = {};
    const add = (table: string, n: number | null): void => {
      rows[table] = (rows[table] ?? 0) + (n ?? 0);
    };
    add('organizations', orgs.length);
    add(
      'users',
      staff.reduce((s, x) => s + x.counsellors + OPERATORS_PER_ORG + x.supervisors, 0),
    );
    const counsellorCounts = staff.map((x) => x.counsellors);
    const supervisorCounts = staff.map((x) => x.supervisors);
    const followUps = o.followUps ?? 0;
    const hanoiDayStartMs = Math.floor((nowMs + HANOI_OFFSET_MS) / 86_400_000) * 86_400_000 - HANOI_OFFSET_MS;
    const kinds = followUpKinds(dir);
    const openDue = weighted(OPEN_DUE);
    const escalation = overdueEscalation(dir);
    const outcomes = followUpOutcomes(dir);
    const NOTE_POOL = 1_000;
    if (followUps > 0) {
      const notes = Array.from({ length: NOTE_POOL }, (_, k) =>
        FOLLOW_UP_DATA.sealOne(crypto, 'note', FOLLOW_UP_NOTES[k % FOLLOW_UP_NOTES.length] ?? 'demo'),
      );
      await c.query(
        `CREATE TEMP TABLE gen_notes AS SELECT * FROM unnest($1::int[], $2::text[]) AS t(i, note_enc)`,
        [notes.map((_, k) => k + 1), notes],
      );
      await c.query(`ALTER TABLE gen_notes ADD PRIMARY KEY (i); ANALYZE gen_notes`);
    }

    const t1 = performance.now();
    let done = 0;
    for (let lo = 1; lo <= o.cases; lo += o.chunk) {
      if (Date.now() > o.deadline) throw new Error(`time limit reached after ${done} cases`);
      const hi = Math.min(o.cases, lo + o.chunk - 1);
      if (own) await c.query('BEGIN');
      else await c.query('DROP TABLE IF EXISTS gen_chunk');
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
        counsellorCounts,
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
                CASE WHEN vt.second IS NOT NULL AND vt.second <> vt.first THEN ARRAY[vt.first, vt.second]
                     ELSE ARRAY[vt.first] END,
                ARRAY[($7::text[])[width_bucket(random(), $8::float8[])]],
                ($9::text[])[width_bucket(random(), $10::float8[])],
                CASE WHEN random() < 0.85 THEN 'male' ELSE 'female' END,
                (ARRAY['age_18_25','age_26_40','age_41_60','age_61_plus'])[width_bucket(random(), ARRAY[0,0.15,0.6,0.95])],
                1, random() < 0.6, random() < 0.2, random() < 0.35, st.id,
                ch.opened_at + (n - 1) * random() * interval '90 days'
           FROM gen_chunk ch
           JOIN gen_staff st ON st.org_i = ch.org_i AND st.role = 'counsellor' AND st.k = ch.counsellor_k
           CROSS JOIN LATERAL generate_series(1, CASE WHEN ch.second_incident THEN 2 ELSE 1 END) AS n
           -- Both types drawn once per incident (n keeps the subquery per row): a second type equal to
           -- the first is dropped, never stored twice (the API refuses a type twice).
           CROSS JOIN LATERAL (
             SELECT ($3::text[])[width_bucket(random(), $4::float8[])] AS first,
                    CASE WHEN n = 1 AND random() < 0.35
                         THEN ($5::text[])[width_bucket(random(), $6::float8[])] END AS second
           ) vt`,
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
           JOIN gen_staff su ON su.org_i = ch.org_i AND su.role = 'supervisor' AND su.k = ch.counsellor_k % ($1::int[])[ch.org_i]
          WHERE ch.status <> 'intake'`,
        [supervisorCounts],
      );
      add('case_assignments', r7.rowCount);
      if (followUps > 0) {
        const r8 = await c.query(FOLLOW_UPS_SQL, [
          followUps,
          o.cases,
          new Date(nowMs),
          new Date(hanoiDayStartMs),
          openDue.thresholds,
          escalation.defaultHours,
          outcomes,
          kinds.keys,
          kinds.thresholds,
          NOTE_POOL,
          escalation.kinds,
          escalation.hours,
        ]);
        add('follow_ups', r8.rowCount);
      }
      if (own) await c.query('COMMIT');
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
    if (own)
      for (const table of GENERATED_TABLES) {
        if (table !== 'follow_ups' || followUps > 0) await c.query(`VACUUM ANALYZE ${table}`);
      }
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
      staffPerOrganization: staff.map((x) => ({
        counsellors: x.counsellors,
        operators: OPERATORS_PER_ORG,
        supervisors: x.supervisors,
      })),
    };
  } catch (e) {
    if (own) await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await ownClient?.end();
  }
}
