import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import type { ClientBase } from 'pg';
import { DataSource } from 'typeorm';
import { parse } from 'yaml';
import { configDir, Env, ENV } from '../platform/config';
import { CryptoService } from '../platform/crypto';
import {
  DEMO_ACTIVITY_KINDS,
  DEMO_AUDIENCES,
  DEMO_CASE_ORGANIZATIONS,
  DEMO_DENOMINATOR_KEYS,
  DEMO_MARKER_ORGANIZATION,
  DEMO_OTHER_ORGANIZATIONS,
  DEMO_PROVIDERS,
  DEMO_USERS,
  demoUsername,
  REFERRAL_SERVICE_WEIGHTS,
} from './demo-world';
import { GENERATED_TABLES, generateCases } from './generate-cases';
import { hanoiDateOf } from '../platform/time';

export const DEFAULT_DEMO_CASES = 4000;

export interface DemoSeedOptions {
  /** Cases over the last year; default 4,000 (a smaller number for tests). */
  cases?: number;
  /** Seed of PostgreSQL's random() for the generated attributes. */
  seed?: number;
  /** Progress lines (no data in them). */
  log?: (message: string) => void;
}

export interface DemoCredential {
  username: string;
  role: string;
  organization: string;
  /** Shown once, by the command; never stored in clear nor logged. */
  password: string;
}

export type DemoSeedResult =
  | {
      status: 'seeded';
      credentials: DemoCredential[];
      rows: Record<string, number>;
      seconds: number;
    }
  | { status: 'present'; seededAt: Date };

/** A refusal a person can act on (production, a database that holds other cases). */
export class DemoSeedRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoSeedRefused';
  }
}

/**
 * argon2id with identity's parameters (PasswordService: 19 MiB, 2 passes, 1 lane); sign-in verifies with
 * the parameters stored in the hash.
 */
const hashPassword = (password: string): Promise<string> =>
  argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });

/** 20 characters of a-z A-Z 0-9 (about 119 bits): passes the password policy, contains no username. */
function randomPassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 20 }, () => alphabet[randomInt(0, alphabet.length)]).join('');
}

function weighted(entries: Record<string, number>): { keys: string[]; thresholds: number[] } {
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

function catalogueItems<T extends { key: string }>(dir: string, file: string): T[] {
  try {
    const raw = parse(readFileSync(join(dir, 'catalogues', file), 'utf8')) as { items?: T[] };
    return raw.items ?? [];
  } catch {
    return [];
  }
}

/** The half-years (YYYY-H1|H2) of `at` in Hanoi time and the one before it. */
export function currentAndPreviousHalfYears(at: Date): [string, string] {
  const { year, month } = hanoiDateOf(at);
  const half = month <= 6 ? 1 : 2;
  return half === 2 ? [`${year}-H2`, `${year}-H1`] : [`${year}-H1`, `${year - 1}-H2`];
}

const REASONS = [
  'Không còn chỗ trống trong tuần này (demo)',
  'Người được hỗ trợ đã chuyển đi nơi khác (demo)',
  'Dịch vụ không phù hợp với nhu cầu (demo)',
  'Người được hỗ trợ không muốn tiếp tục (demo)',
];
const ACTIVITY_NOTES = [
  'Có sự tham gia của hội phụ nữ và đoàn thanh niên (demo)',
  'Phát tài liệu về Luật Phòng, chống bạo lực gia đình (demo)',
  'Giới thiệu số đường dây nóng và địa chỉ tin cậy (demo)',
];

/**
 * `seed:demo` (issue 7): a fictional Hanoi for a newcomer's first run — organisations of every type, one
 * user per role, the directory's providers, a year of cases (bench/generate's generation, in demo mode),
 * referrals with their outcomes and services, stays, follow-ups, community activities over the communes
 * and the indicator denominators of this half-year and the last. One transaction under an advisory lock:
 * all or nothing, and two runs at once cannot both seed. A second run finds the marker organisation and
 * changes nothing. Written in SQL like bench/generate (a few thousand cases in seconds): no audit rows and
 * no outbox events, since nothing happened to anyone.
 */
@Injectable()
export class DemoSeed {
  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly crypto: CryptoService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async run(o: DemoSeedOptions = {}): Promise<DemoSeedResult> {
    if (this.env.NODE_ENV === 'production')
      throw new DemoSeedRefused(
        'seed:demo refuses to run with NODE_ENV=production: demo data and printed passwords have no place in a live system',
      );
    const cases = o.cases ?? DEFAULT_DEMO_CASES;
    const log = o.log ?? (() => undefined);
    const started = performance.now();
    const qr = this.dataSource.createQueryRunner();
    const c = (await qr.connect()) as ClientBase;
    try {
      await c.query('BEGIN');
      try {
        const result = await this.seed(c, cases, o.seed ?? 7, log);
        if (result.status === 'present') {
          await c.query('ROLLBACK');
          return result;
        }
        await c.query('COMMIT');
        for (const table of [...GENERATED_TABLES, 'referrals', 'referral_transitions', 'stays', 'activities'])
          await c.query(`ANALYZE ${table}`);
        return { ...result, seconds: (performance.now() - started) / 1000 };
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    } finally {
      await qr.release();
    }
  }

  private async seed(
    c: ClientBase,
    cases: number,
    seed: number,
    log: (m: string) => void,
  ): Promise<DemoSeedResult> {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('haven:seed:demo'))`);
    const marker = await c.query<{ created_at: Date }>(
      `SELECT created_at FROM organizations WHERE name = $1`,
      [DEMO_MARKER_ORGANIZATION],
    );
    if (marker.rows[0]) return { status: 'present', seededAt: marker.rows[0].created_at };
    const existing = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM cases LIMIT 1) x`,
    );
    if ((existing.rows[0]?.n ?? 0) > 0)
      throw new DemoSeedRefused(
        'the database holds cases already: seed:demo fills only a fresh database (npm run migration:run on an empty one)',
      );
    await c.query(`SET LOCAL synchronous_commit = off`);

    const now = new Date();
    const dir = configDir(this.env.HAVEN_CONFIG_DIR);
    const unusable = await hashPassword(randomBytes(32).toString('base64url'));
    log(`generating ${cases} cases over the last year`);
    const generated = await generateCases('', this.crypto, {
      cases,
      pool: Math.min(2_000, cases),
      chunk: cases,
      seed,
      deadline: Date.now() + 240_000,
      organizations: DEMO_CASE_ORGANIZATIONS,
      usernamePrefix: 'demo.staff',
      spanDays: 365,
      people: 'demo',
      counsellors: Math.max(6, Math.round(cases / 100)),
      followUps: 2 * cases,
      passwordHash: unusable,
      client: c,
      configDir: dir,
      log,
    });
    const rows: Record<string, number> = { ...generated.rows };
    const add = (table: string, n: number | null): void => {
      rows[table] = (rows[table] ?? 0) + (n ?? 0);
    };

    const communes = (
      await c.query<{ code: string; name: string }>(
        `SELECT code, name FROM geo_communes WHERE province_code = '01' AND valid_to IS NULL ORDER BY code`,
      )
    ).rows;
    const communeAt = (i: number): string => communes[i % communes.length]?.code ?? '';

    // --- organisations ------------------------------------------------------------------------------------
    const orgIds = new Map(generated.organizations.map((x) => [x.name, x.id]));
    const others = [
      ...DEMO_PROVIDERS.filter((p) => !orgIds.has(p.organization)).map((p) => ({
        name: p.organization,
        type: p.type,
      })),
      ...DEMO_OTHER_ORGANIZATIONS,
    ];
    for (const [i, org] of others.entries()) {
      const r = await c.query<{ id: string }>(
        `INSERT INTO organizations (name, type, province_code, commune_code) VALUES ($1, $2, '01', $3) RETURNING id`,
        [org.name, org.type, org.type === 'department' ? null : communeAt(i * 17 + 3)],
      );
      orgIds.set(org.name, r.rows[0]?.id ?? '');
    }
    add('organizations', others.length);
    const orgId = (name: string): string => {
      const id = orgIds.get(name);
      if (!id) throw new Error(`demo organisation missing: ${name}`);
      return id;
    };

    // --- the users who sign in: generated staff take the case roles (they hold cases), others are new -------
    const credentials: DemoCredential[] = [];
    const userIds = new Map<string, string>();
    for (const u of DEMO_USERS) {
      const password = randomPassword();
      const hash = await hashPassword(password);
      const caseOrg = DEMO_CASE_ORGANIZATIONS.findIndex((x) => x.name === u.organization);
      const fromStaff =
        caseOrg >= 0 && ['hotline_operator', 'counsellor', 'supervisor'].includes(u.role)
          ? await c.query<{ id: string }>(
              `UPDATE users SET username = $1, display_name = $2, password_hash = $3
                WHERE id = (SELECT id FROM gen_staff WHERE org_i = $4 AND role = $5 AND k = 0) RETURNING id`,
              [demoUsername(u.role), u.displayName, hash, caseOrg + 1, u.role],
            )
          : undefined;
      const id =
        fromStaff?.rows[0]?.id ??
        (
          await c.query<{ id: string }>(
            `INSERT INTO users (username, display_name, roles, organization_id, password_hash)
             VALUES ($1, $2, ARRAY[$3], $4, $5) RETURNING id`,
            [demoUsername(u.role), u.displayName, u.role, orgId(u.organization), hash],
          )
        ).rows[0]?.id;
      if (!id) throw new Error(`demo user not made: ${u.role}`);
      if (!fromStaff?.rows[0]) add('users', 1);
      userIds.set(u.role, id);
      credentials.push({
        username: demoUsername(u.role),
        role: u.role,
        organization: u.organization,
        password,
      });
    }
    const adminId = userIds.get('admin') ?? '';
    const managerId = userIds.get('centre_manager') ?? '';
    const supervisorId = userIds.get('supervisor') ?? '';

    // --- providers, and one member of staff per provider organisation to answer referrals ------------------
    const services = catalogueItems<{ key: string; providerTypes?: string[] }>(dir, 'services.yaml');
    await c.query(
      `CREATE TEMP TABLE demo_providers (i int PRIMARY KEY, id uuid, organization_id uuid, type text, services text[],
                                         capacity int, staff_id uuid) ON COMMIT DROP`,
    );
    const givenBy = DEMO_PROVIDERS.map((p) =>
      services.filter((s) => s.providerTypes?.includes(p.type)).map((s) => s.key),
    );
    const staffOrganization = DEMO_USERS.find((u) => u.role === 'provider_staff')?.organization;
    for (const [i, p] of DEMO_PROVIDERS.entries()) {
      const own = communeAt(i * 31 + 11);
      const served = Array.from({ length: Math.min(p.areaServed, communes.length) }, (_, k) =>
        communeAt(i * 31 + 11 + k + 1),
      ).filter((x) => x !== own);
      const given = givenBy[i] ?? [];
      const organizationId = orgId(p.organization);
      const staff =
        p.organization === staffOrganization
          ? userIds.get('provider_staff')
          : (
              await c.query<{ id: string }>(
                `INSERT INTO users (username, display_name, roles, organization_id, password_hash)
                 VALUES ($1, $2, ARRAY['provider_staff'], $3, $4) RETURNING id`,
                [`demo.staff.p${i}`, `Cán bộ dịch vụ ${i} (demo)`, organizationId, unusable],
              )
            ).rows[0]?.id;
      if (staff !== userIds.get('provider_staff')) add('users', 1);
      const r = await c.query<{ id: string }>(
        `INSERT INTO providers (name, type, organization_id, province_code, commune_code, address_text_enc, phone_enc,
                                hours, services, area_served, capacity, accepting_referrals, languages, created_by)
         VALUES ($1, $2, $3, '01', $4, $5, $6, $7, $8, $9, $10, true, $11, $12) RETURNING id`,
        [
          p.organization,
          p.type,
          organizationId,
          own,
          this.crypto.encrypt(`Số ${i + 1}, ngõ Mẫu, phố Thử Nghiệm (demo)`, 'providers.address_text_enc'),
          this.crypto.encrypt(`024 0${String(1_000_000 + i).padStart(7, '0')}`, 'providers.phone_enc'),
          p.hours,
          given,
          served,
          p.capacity ?? null,
          p.languages,
          adminId,
        ],
      );
      await c.query(
        `INSERT INTO demo_providers (i, id, organization_id, type, services, capacity, staff_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [i, r.rows[0]?.id, organizationId, p.type, given, p.capacity ?? null, staff],
      );
    }
    add('providers', DEMO_PROVIDERS.length);
    await c.query(`ANALYZE demo_providers`);

    // --- referrals ----------------------------------------------------------------------------------------
    // Referral consents of the demo cover every provider type, as a counsellor would record them here.
    await c.query(`UPDATE consents SET provider_types = $1 WHERE purpose = 'referral'`, [
      [...new Set(DEMO_PROVIDERS.map((p) => p.type))],
    ]);
    const dueHours = referralDueHours(dir);
    const offered = new Set(givenBy.flat());
    const svc = weighted(
      Object.fromEntries(Object.entries(REFERRAL_SERVICE_WEIGHTS).filter(([k]) => offered.has(k))),
    );
    const reasons = Array.from({ length: 40 }, (_, k) =>
      this.crypto.encrypt(REASONS[k % REASONS.length] ?? '', 'referral_transitions.reason_text_enc'),
    );
    await c.query(
      `CREATE TEMP TABLE demo_reasons ON COMMIT DROP AS SELECT * FROM unnest($1::int[], $2::text[]) AS t(i, reason_enc)`,
      [reasons.map((_, k) => k + 1), reasons],
    );
    const referrals = await c.query(REFERRALS_SQL, [
      svc.keys,
      svc.thresholds,
      now,
      Object.keys(dueHours),
      Object.values(dueHours),
    ]);
    add('referrals', referrals.rowCount);
    // Beds held (accepted) or occupied (in service) never exceed a provider's capacity: the older ones
    // over it are moved on to completed, as if the stay had ended.
    await c.query(
      `UPDATE referrals r SET status = 'completed',
              started_at = coalesce(r.started_at, r.responded_at + (($1::timestamptz - r.responded_at) * 0.1)),
              ended_at = coalesce(r.started_at, r.responded_at + (($1::timestamptz - r.responded_at) * 0.1))
                         + least(interval '45 days', ($1::timestamptz - r.responded_at) * 0.5),
              services_provided = r.services
         FROM (SELECT r2.id, row_number() OVER (PARTITION BY r2.provider_id ORDER BY r2.sent_at DESC) AS k, p.capacity
                 FROM referrals r2 JOIN demo_providers p ON p.id = r2.provider_id
                WHERE p.capacity IS NOT NULL AND r2.status IN ('accepted', 'in_service')) x
        WHERE r.id = x.id AND x.k > x.capacity`,
      [now],
    );
    await c.query(
      `UPDATE referrals SET completed_on = (ended_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
        WHERE status = 'completed' AND completed_on IS NULL`,
    );
    // Most follow-ups are done by their due time (the benchmarks' generation completes them around it).
    await c.query(
      `UPDATE follow_ups f SET completed_at = x.t, updated_at = x.t, reminder_stage = 0
         FROM (SELECT id, due_at - (due_at - created_at) * (0.5 * random()) AS t FROM follow_ups
                WHERE status = 'done' AND completed_at > due_at AND random() < 0.7) x
        WHERE f.id = x.id`,
    );
    const transitions = await c.query(TRANSITIONS_SQL);
    add('referral_transitions', transitions.rowCount);
    const partners = await c.query(
      `INSERT INTO provider_partner_organizations (provider_id, organization_id, source, added_at)
       SELECT provider_id, referring_organization_id, 'referral', min(sent_at) FROM referrals GROUP BY 1, 2`,
    );
    add('provider_partner_organizations', partners.rowCount);
    const stays = await c.query(
      `INSERT INTO stays (referral_id, case_id, reference, provider_id, organization_id, admitted_at, admitted_by,
                          discharged_at, discharged_by)
       SELECT r.id, r.case_id, r.reference, r.provider_id, r.recipient_organization_id, r.started_at, p.staff_id,
              CASE WHEN r.status <> 'in_service' THEN r.ended_at END,
              CASE WHEN r.status <> 'in_service' THEN p.staff_id END
         FROM referrals r JOIN demo_providers p ON p.id = r.provider_id
        WHERE p.type IN ('safe_house', 'trusted_address') AND r.started_at IS NOT NULL`,
    );
    add('stays', stays.rowCount);
    log(`${rows.referrals ?? 0} referrals, ${rows.stays ?? 0} stays`);

    // --- community activities over the communes, the last twelve months ------------------------------------
    const fromCatalogue = catalogueItems<{
      key: string;
      project?: number;
      model?: number | null;
      vi?: string;
    }>(dir, 'activity-kinds.yaml');
    const known = DEMO_ACTIVITY_KINDS.map((k) => {
      const item = fromCatalogue.find((x) => x.key === k.key);
      return {
        ...k,
        project: typeof item?.project === 'number' ? item.project : k.project,
        model:
          item && 'model' in item && (typeof item.model === 'number' || item.model === null)
            ? item.model
            : k.model,
        title: item?.vi ?? k.title,
      };
    }).filter((k) => fromCatalogue.length === 0 || fromCatalogue.some((x) => x.key === k.key));
    // A catalogue that names none of the demo's kinds: its own kinds, evenly.
    const kinds = known.length
      ? known
      : fromCatalogue.map((x) => ({
          key: x.key,
          project: typeof x.project === 'number' ? x.project : 1,
          model: typeof x.model === 'number' ? x.model : null,
          weight: 10,
          title: x.vi ?? x.key,
        }));
    const audiencesFromCatalogue = catalogueItems<{ key: string }>(dir, 'activity-audiences.yaml').map(
      (x) => x.key,
    );
    const audiences = audiencesFromCatalogue.length ? audiencesFromCatalogue : DEMO_AUDIENCES;
    const notes = ACTIVITY_NOTES.map((n) => this.crypto.encrypt(n, 'activities.notes_enc'));
    const kindW = weighted(Object.fromEntries(kinds.map((k) => [k.key, k.weight])));
    const activityOrgs = [
      orgId('Trung tâm Công tác xã hội Hoa Sen (demo)'),
      orgId('Trung tâm Công tác xã hội Sông Nhị (demo)'),
      orgId('Ủy ban nhân dân xã Mẫu Sơn (demo)'),
      orgId('Ủy ban nhân dân phường Mẫu Hòa (demo)'),
    ];
    const activities = await c.query(ACTIVITIES_SQL, [
      Math.max(60, Math.round(cases / 3)),
      communes.map((x) => x.code),
      communes.map((x) => x.name),
      kindW.keys,
      kindW.thresholds,
      kinds.map((k) => k.project),
      kinds.map((k) => k.model),
      kinds.map((k) => k.title),
      audiences,
      notes,
      activityOrgs,
      [managerId, supervisorId],
      now,
    ]);
    add('activities', activities.rowCount);

    // --- indicator denominators: this half-year and the last, per commune and for the city -----------------
    // Sized against the default 4,000 cases' activities (a third as many a year), so that the reach
    // indicators show partial progress (roughly 50–90 %) rather than 2 % or 400 %.
    const denominatorKeys = catalogueItems<{ key: string }>(dir, 'denominator-keys.yaml').map((x) => x.key);
    const periods = currentAndPreviousHalfYears(now);
    const denominators = await c.query(
      `WITH per_commune AS (
         SELECT p.period, g.code, k.key,
                CASE k.key WHEN 'officials' THEN 60 + floor(random() * 100)
                           WHEN 'students' THEN 30 + floor(random() * 90)
                           WHEN 'residential_clusters' THEN 6 + floor(random() * 25)
                           WHEN 'ge_staff' THEN 10 + floor(random() * 20)
                           ELSE 10 + floor(random() * 90) END::int AS value
           FROM unnest($1::text[]) AS p(period), unnest($2::text[]) AS g(code), unnest($3::text[]) AS k(key)
       )
       INSERT INTO indicator_denominators (period, province_code, commune_code, key, value, updated_by, updated_at)
       SELECT period, '01', code, key, value, $4::uuid, $5::timestamptz FROM per_commune
       UNION ALL
       SELECT period, '01', '', key, sum(value)::int, $4::uuid, $5::timestamptz FROM per_commune GROUP BY period, key`,
      [
        periods,
        communes.map((x) => x.code),
        denominatorKeys.length ? denominatorKeys : DEMO_DENOMINATOR_KEYS,
        managerId,
        now,
      ],
    );
    add('indicator_denominators', denominators.rowCount);
    log('activities and denominators written');
    return { status: 'seeded', credentials, rows, seconds: 0 };
  }
}

/** Hours to answer by urgency, from config/referrals.yaml (1 / 24 / 72 when it cannot be read). */
function referralDueHours(dir: string): Record<string, number> {
  try {
    const raw = parse(readFileSync(join(dir, 'referrals.yaml'), 'utf8')) as {
      dueHours?: Record<string, number>;
    };
    if (raw.dueHours && Object.keys(raw.dueHours).length) return raw.dueHours;
  } catch {
    // the defaults below
  }
  return { emergency: 1, urgent: 24, routine: 72 };
}

/**
 * About three quarters of the cases with a referral consent get a referral (one in eight a second one), to
 * a provider giving the service; the status follows the referral's age (recent ones still waiting or in
 * service, older ones mostly completed), every time at or before now. Completed referrals record the
 * services given (sometimes one more).
 */
const REFERRALS_SQL = `
INSERT INTO referrals (case_id, reference, referring_organization_id, referred_by, provider_id,
                       recipient_organization_id, services, urgency, consent_id, status, sent_at, due_by,
                       responded_at, responded_by, started_at, ended_at, services_provided, completed_on, version,
                       updated_at)
SELECT b.case_id, b.reference, b.organization_id, b.referred_by, p.id, p.organization_id, ARRAY[b.service],
       b.urgency, b.consent_id, st.status, b.sent_at,
       b.sent_at + ($5::int[])[array_position($4::text[], b.urgency)] * interval '1 hour',
       CASE WHEN st.status <> 'sent' AND st.status <> 'cancelled' THEN t.responded_at END,
       CASE WHEN st.status <> 'sent' AND st.status <> 'cancelled' THEN p.staff_id END,
       CASE WHEN st.status IN ('in_service', 'completed', 'not_completed') THEN t.started_at END,
       CASE WHEN st.status IN ('completed', 'not_completed') THEN t.ended_at
            WHEN st.status IN ('declined', 'cancelled') THEN t.responded_at END,
       CASE WHEN st.status = 'completed' THEN
              CASE WHEN random() < 0.25 AND b.service <> 'psychological_counselling'
                   THEN ARRAY[b.service, 'psychological_counselling'] ELSE ARRAY[b.service] END
            ELSE '{}' END,
       CASE WHEN st.status = 'completed' THEN (t.ended_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END,
       CASE st.status WHEN 'sent' THEN 1 WHEN 'accepted' THEN 2 WHEN 'declined' THEN 2 WHEN 'cancelled' THEN 2
                      WHEN 'in_service' THEN 3 ELSE 4 END,
       coalesce(t.ended_at, t.started_at, t.responded_at, b.sent_at)
  FROM (
    SELECT c.id AS case_id, c.reference, c.organization_id, coalesce(c.assignee_id, c.created_by) AS referred_by,
           co.id AS consent_id, n,
           least($3::timestamptz - interval '10 minutes',
                 co.given_at + (n - 1) * interval '20 days' + random() * interval '3 days') AS sent_at,
           ($1::text[])[width_bucket(random(), $2::float8[])] AS service,
           CASE WHEN c.risk_level IN ('high', 'critical') THEN (ARRAY['emergency', 'urgent'])[1 + floor(random() * 2)::int]
                WHEN random() < 0.3 THEN 'urgent' ELSE 'routine' END AS urgency
      FROM cases c
      JOIN consents co ON co.case_id = c.id AND co.purpose = 'referral'
      CROSS JOIN LATERAL generate_series(1, CASE WHEN random() < 0.12 AND c.id IS NOT NULL THEN 2 ELSE 1 END) AS n
     WHERE random() < 0.75
  ) b
  CROSS JOIN LATERAL (
    SELECT dp.* FROM demo_providers dp WHERE b.service = ANY(dp.services)
     ORDER BY md5(dp.id::text || b.case_id::text || b.n) LIMIT 1
  ) p
  CROSS JOIN LATERAL (SELECT extract(epoch FROM $3::timestamptz - b.sent_at) / 86400.0 AS age_days, random() AS u) a
  CROSS JOIN LATERAL (
    SELECT CASE
      WHEN a.age_days > 30 THEN (ARRAY['completed','not_completed','declined','cancelled','in_service'])[width_bucket(a.u, ARRAY[0,0.65,0.75,0.85,0.9])]
      WHEN a.age_days > 7 THEN (ARRAY['completed','in_service','accepted','declined','sent'])[width_bucket(a.u, ARRAY[0,0.3,0.65,0.8,0.9])]
      ELSE (ARRAY['sent','accepted','in_service','declined'])[width_bucket(a.u, ARRAY[0,0.45,0.8,0.95])]
    END AS status
  ) st
  CROSS JOIN LATERAL (
    SELECT b.sent_at + least(interval '2 days', ($3::timestamptz - b.sent_at) * 0.2) * random() AS responded_at
  ) r0
  CROSS JOIN LATERAL (
    SELECT r0.responded_at,
           r0.responded_at + least(interval '5 days', ($3::timestamptz - r0.responded_at) * 0.3) * random() AS started_at
  ) t0
  CROSS JOIN LATERAL (
    SELECT t0.responded_at, t0.started_at,
           t0.started_at + least(CASE WHEN b.service = 'shelter' THEN interval '45 days' ELSE interval '14 days' END,
                                 ($3::timestamptz - t0.started_at) * 0.9) * (0.2 + 0.8 * random()) AS ended_at
  ) t`;

/** The steps of each referral, in the order of the workflow; reasons (encrypted) on declines and ends not completed. */
const TRANSITIONS_SQL = `
INSERT INTO referral_transitions (referral_id, from_status, to_status, actor_id, at, reason_text_enc)
SELECT r.id, s.from_status, s.to_status,
       CASE WHEN s.to_status IN ('sent', 'cancelled') THEN r.referred_by ELSE coalesce(r.responded_by, r.referred_by) END,
       s.at,
       CASE WHEN s.to_status IN ('declined', 'not_completed', 'cancelled') THEN dr.reason_enc END
  FROM referrals r
  CROSS JOIN LATERAL (VALUES
    (1, NULL, 'sent', r.sent_at, true),
    (2, 'sent', 'accepted', r.responded_at, r.status IN ('accepted', 'in_service', 'completed', 'not_completed')),
    (2, 'sent', r.status, r.ended_at, r.status IN ('declined', 'cancelled')),
    (3, 'accepted', 'in_service', r.started_at, r.status IN ('in_service', 'completed', 'not_completed')),
    (4, 'in_service', r.status, r.ended_at, r.status IN ('completed', 'not_completed'))
  ) AS s(step, from_status, to_status, at, applies)
  LEFT JOIN demo_reasons dr ON dr.i = 1 + (abs(hashtext(r.id::text)) % 40)
 WHERE s.applies`;

/**
 * N activities over the last twelve months, in the communes (weighted towards a few busy ones, every
 * commune some), by the centres and the commune offices; participants by kind, a youth count when youth
 * are in the audience, residential clusters for campaigns and sessions; a note for one in five.
 */
const ACTIVITIES_SQL = `
INSERT INTO activities (kind, project, model, title, date, province_code, commune_code, organization_id, audience,
                        participants_female, participants_male, participants_other, youth_participants,
                        residential_clusters_reached, notes_enc, created_by, created_at, updated_at)
SELECT x.kind, ($6::int[])[x.ki], ($7::int[])[x.ki],
       ($8::text[])[x.ki] || ' tại ' || ($3::text[])[x.ci] || ' (demo)',
       (($13::timestamptz - x.days_ago * interval '1 day') AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
       '01', ($2::text[])[x.ci], ($11::uuid[])[1 + floor(random() * array_length($11::uuid[], 1))::int], x.aud,
       floor(x.size * (0.55 + 0.2 * random()))::int, floor(x.size * (0.25 + 0.15 * random()))::int,
       CASE WHEN random() < 0.1 THEN 1 ELSE 0 END,
       CASE WHEN 'youth' = ANY(x.aud) OR 'students' = ANY(x.aud) THEN floor(x.size * (0.3 + 0.5 * random()))::int END,
       CASE WHEN x.kind IN ('communication_campaign', 'awareness_session') THEN 1 + floor(random() * 8)::int END,
       CASE WHEN random() < 0.2 THEN ($10::text[])[1 + floor(random() * array_length($10::text[], 1))::int] END,
       ($12::uuid[])[1 + floor(random() * 2)::int],
       $13::timestamptz - x.days_ago * interval '1 day' + interval '2 hours',
       $13::timestamptz - x.days_ago * interval '1 day' + interval '2 hours'
  FROM (
    SELECT ($4::text[])[kb] AS kind, kb AS ki,
           CASE WHEN g <= array_length($2::text[], 1) THEN g
                ELSE 1 + floor(power(random(), 1.8) * array_length($2::text[], 1))::int END AS ci,
           floor(random() * 365)::int AS days_ago,
           ARRAY(SELECT a FROM unnest($9::text[]) a WHERE random() < 0.15 + 0 * g ORDER BY a)
             || CASE ($4::text[])[kb] WHEN 'training_course' THEN ARRAY['ge_staff', 'officials']
                                      WHEN 'club_meeting' THEN ARRAY['residents', 'women_leaders']
                                      WHEN 'convention_revision' THEN ARRAY['village_heads', 'residents']
                                      ELSE ARRAY['residents'] END AS aud0,
           CASE ($4::text[])[kb] WHEN 'communication_campaign' THEN 80 + random() * 400
                                 WHEN 'training_course' THEN 15 + random() * 30
                                 WHEN 'club_meeting' THEN 10 + random() * 25
                                 WHEN 'convention_revision' THEN 15 + random() * 40
                                 ELSE 20 + random() * 60 END AS size
      FROM generate_series(1, $1::int) AS g,
           LATERAL (SELECT width_bucket(random() + 0 * g, $5::float8[]) AS kb) k
  ) x0
  CROSS JOIN LATERAL (SELECT x0.*, ARRAY(SELECT DISTINCT a FROM unnest(x0.aud0) a WHERE a = ANY($9::text[]) ORDER BY a) AS aud) x`;
