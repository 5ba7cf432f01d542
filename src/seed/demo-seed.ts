import { randomBytes, randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import type { ClientBase } from 'pg';
import { DataSource } from 'typeorm';
import { configDir, Env, ENV } from '../platform/config';
import { CryptoService } from '../platform/crypto';
import { PROVIDER_DATA } from '../modules/directory';
import { seedActivities } from './demo-activities';
import { seedCalls } from './demo-calls';
import { seedReferrals } from './demo-referrals';
import { catalogueItems } from './demo-support';
import {
  DEMO_CASE_ORGANIZATIONS,
  DEMO_MARKER_ORGANIZATION,
  DEMO_OTHER_ORGANIZATIONS,
  DEMO_PROVIDERS,
  DEMO_USERS,
  demoUsername,
} from './demo-world';
import { GENERATED_TABLES, generateCases } from './generate-cases';

export { currentAndPreviousHalfYears } from './demo-support';

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
          PROVIDER_DATA.sealOne(this.crypto, 'addressText', `Số ${i + 1}, ngõ Mẫu, phố Thử Nghiệm (demo)`),
          PROVIDER_DATA.sealOne(this.crypto, 'phone', `024 0${String(1_000_000 + i).padStart(7, '0')}`),
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

    // --- referrals, stays ----------------------------------------------------------------------------------
    await seedReferrals(c, this.crypto, { dir, now, givenBy, add });
    log(`${rows.referrals ?? 0} referrals, ${rows.stays ?? 0} stays`);

    // --- community activities and the indicator denominators ------------------------------------------------
    await seedActivities(c, this.crypto, { dir, now, cases, communes, orgId, managerId, supervisorId, add });
    log('activities and denominators written');
    await seedCalls(c, { now, add });
    return { status: 'seeded', credentials, rows, seconds: 0 };
  }
}
