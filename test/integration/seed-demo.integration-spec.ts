import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parse } from 'yaml';
import { CliModule } from '../../src/cli.module';
import { DEMO_MARKER_ORGANIZATION, DemoCredential, DemoSeed, DemoSeedResult } from '../../src/seed';
import { captureLogger } from '../support/log-capture';
import { startApi, TEST_KEYS, testEnv } from '../support/app';
import { call, MANY_SIGN_INS, signIn } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { TEST_REDIS_URL } from '../support/services';
import { spawnEntry } from '../support/spawn';

const catalogueKeys = (file: string): string[] =>
  (
    parse(readFileSync(join(__dirname, '..', '..', 'config', 'catalogues', file), 'utf8')) as {
      items: { key: string }[];
    }
  ).items.map((i) => i.key);

const ROLES = catalogueKeys('roles.yaml');
const ORGANIZATION_TYPES = catalogueKeys('organization-types.yaml');
const CASES = 300;

/** Row counts of every table the seed writes, and the users' password hashes: what "nothing changed" means. */
async function snapshot(db: TestDatabase): Promise<string> {
  const tables = [
    'organizations',
    'users',
    'cases',
    'survivors',
    'incidents',
    'consents',
    'follow_ups',
    'providers',
    'referrals',
    'referral_transitions',
    'stays',
    'activities',
    'indicator_denominators',
  ];
  const counts = await db.query<{ t: string; n: number }>(
    tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM ${t}`).join(' UNION ALL '),
  );
  const hashes = await db.query(`SELECT username, password_hash FROM users ORDER BY username`);
  return JSON.stringify({ counts, hashes });
}

const count = async (db: TestDatabase, sql: string, params: unknown[] = []): Promise<number> =>
  (await db.query<{ n: number }>(sql, params))[0]?.n ?? -1;

describe('npm run cli -- seed:demo', () => {
  describe('the seed', () => {
    let db: TestDatabase;
    let ctx: INestApplicationContext;
    let seed: DemoSeed;
    let first: DemoSeedResult;
    const log = captureLogger('debug');

    beforeAll(async () => {
      db = await createTestDatabase();
      ctx = await NestFactory.createApplicationContext(CliModule.forRoot(testEnv(db.url), log.logger), {
        logger: false,
        abortOnError: false,
      });
      seed = ctx.get(DemoSeed);
      first = await seed.run({ cases: CASES });
    }, 120_000);
    afterAll(async () => {
      await ctx?.close();
      await db?.drop();
    });

    const credentials = (): DemoCredential[] => (first.status === 'seeded' ? first.credentials : []);

    it('makes one demo user per role of the catalogue, each with its own password, stored only hashed', async () => {
      expect(first.status).toBe('seeded');
      expect(
        credentials()
          .map((c) => c.role)
          .sort(),
      ).toEqual([...ROLES].sort());
      const passwords = credentials().map((c) => c.password);
      expect(new Set(passwords).size).toBe(ROLES.length);
      const users = await db.query<{ username: string; roles: string[]; password_hash: string }>(
        `SELECT username, roles, password_hash FROM users WHERE username = ANY($1)`,
        [credentials().map((c) => c.username)],
      );
      expect(users.map((u) => [u.username, u.roles])).toEqual(
        expect.arrayContaining(credentials().map((c) => [c.username, [c.role]])),
      );
      expect(users).toHaveLength(ROLES.length);
      for (const u of users) expect(u.password_hash).toMatch(/^\$argon2id\$/);
      const dump = JSON.stringify(await db.query(`SELECT * FROM users`));
      for (const p of passwords) expect(dump).not.toContain(p);
    });

    it('logs no password', () => {
      for (const c of credentials()) expect(log.text()).not.toContain(c.password);
    });

    it('makes an organisation of every type, all named "(demo)", and the marker', async () => {
      const orgs = await db.query<{ name: string; type: string }>(`SELECT name, type FROM organizations`);
      expect([...new Set(orgs.map((o) => o.type))].sort()).toEqual([...ORGANIZATION_TYPES].sort());
      for (const o of orgs) expect(o.name).toMatch(/\(demo\)$/);
      expect(orgs.map((o) => o.name)).toContain(DEMO_MARKER_ORGANIZATION);
    });

    it('writes a year of cases over the communes of Hanoi, with follow-ups done, open and overdue', async () => {
      expect(await count(db, `SELECT count(*)::int AS n FROM cases`)).toBe(CASES);
      expect(
        await count(db, `SELECT count(*)::int AS n FROM cases WHERE opened_at < now() - interval '366 days'`),
      ).toBe(0);
      expect(await count(db, `SELECT count(DISTINCT commune_code)::int AS n FROM survivors`)).toBeGreaterThan(
        50,
      );
      const followUps = await db.query<{ status: string; overdue: boolean; n: number }>(
        `SELECT status, (status = 'open' AND due_at < now()) AS overdue, count(*)::int AS n
           FROM follow_ups GROUP BY 1, 2`,
      );
      const fu = (status: string, overdue: boolean): number =>
        followUps.find((f) => f.status === status && f.overdue === overdue)?.n ?? 0;
      expect(fu('done', false)).toBeGreaterThan(CASES / 4);
      expect(fu('open', false)).toBeGreaterThan(CASES / 10);
      expect(fu('open', true)).toBeGreaterThan(0);
    });

    it('never gives an incident the same violence type or act twice', async () => {
      expect(
        await count(
          db,
          `SELECT count(*)::int AS n FROM incidents
            WHERE cardinality(violence_types) <> (SELECT count(DISTINCT v) FROM unnest(violence_types) v)
               OR cardinality(dv_acts) <> (SELECT count(DISTINCT v) FROM unnest(dv_acts) v)`,
        ),
      ).toBe(0);
      // The generator does give some incidents two types (the check above is not empty by accident).
      expect(
        await count(db, `SELECT count(*)::int AS n FROM incidents WHERE cardinality(violence_types) = 2`),
      ).toBeGreaterThan(0);
    });

    it('fills the directory: providers with services and area served, beds for the safe houses', async () => {
      const providers = await db.query<{
        type: string;
        services: string[];
        area_served: string[];
        capacity: number | null;
      }>(`SELECT type, services, area_served, capacity FROM providers`);
      expect(providers.length).toBeGreaterThanOrEqual(10);
      for (const p of providers) expect(p.services.length).toBeGreaterThan(0);
      for (const p of providers.filter((x) => x.type === 'safe_house')) {
        expect(p.capacity).toBeGreaterThan(0);
        expect(p.area_served.length).toBeGreaterThan(0);
      }
    });

    it('refers a plausible share of cases, with outcomes, services given and stays within capacity', async () => {
      const referrals = await count(db, `SELECT count(*)::int AS n FROM referrals`);
      expect(referrals).toBeGreaterThan(CASES * 0.1);
      expect(referrals).toBeLessThan(CASES * 0.5);
      const statuses = (await db.query<{ status: string }>(`SELECT DISTINCT status FROM referrals`)).map(
        (r) => r.status,
      );
      expect(statuses).toEqual(expect.arrayContaining(['completed', 'declined']));
      expect(
        await count(
          db,
          `SELECT count(*)::int AS n FROM referrals WHERE status = 'completed' AND (cardinality(services_provided) = 0 OR completed_on IS NULL)`,
        ),
      ).toBe(0);
      expect(
        await count(
          db,
          `SELECT count(*)::int AS n FROM referrals
            WHERE sent_at > now() OR responded_at > now() OR started_at > now() OR ended_at > now()
               OR responded_at < sent_at OR started_at < responded_at OR ended_at < sent_at`,
        ),
      ).toBe(0);
      // Every referral's first step is "sent", and its last step is its status.
      expect(
        await count(
          db,
          `SELECT count(*)::int AS n FROM referrals r
            WHERE NOT EXISTS (SELECT 1 FROM referral_transitions t WHERE t.referral_id = r.id AND t.from_status IS NULL AND t.to_status = 'sent')
               OR r.status <> (SELECT t.to_status FROM referral_transitions t WHERE t.referral_id = r.id ORDER BY t.at DESC, t.from_status DESC NULLS LAST LIMIT 1)`,
        ),
      ).toBe(0);
      expect(await count(db, `SELECT count(*)::int AS n FROM stays`)).toBeGreaterThan(0);
      expect(
        await count(
          db,
          `SELECT count(*)::int AS n FROM providers p
            WHERE p.capacity < (SELECT count(*) FROM stays s WHERE s.provider_id = p.id AND s.discharged_at IS NULL)
                             + (SELECT count(*) FROM referrals r WHERE r.provider_id = p.id AND r.status = 'accepted')`,
        ),
      ).toBe(0);
    });

    it('records community activities over many communes, and denominators for this half-year and the last', async () => {
      const [a] = await db.query<{ n: number; communes: number; kinds: number; participants: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT commune_code)::int AS communes, count(DISTINCT kind)::int AS kinds,
                sum(participants_female + participants_male + participants_other)::int AS participants
           FROM activities`,
      );
      expect(a?.n).toBeGreaterThanOrEqual(60);
      expect(a?.communes).toBeGreaterThan(30);
      expect(a?.kinds).toBeGreaterThanOrEqual(4);
      expect(a?.participants).toBeGreaterThan(a?.n ?? 0);
      const periods = await db.query<{ period: string; communes: number }>(
        `SELECT period, count(DISTINCT commune_code)::int AS communes FROM indicator_denominators GROUP BY 1 ORDER BY 1`,
      );
      expect(periods).toHaveLength(2);
      for (const p of periods) {
        expect(p.period).toMatch(/^\d{4}-H[12]$/);
        expect(p.communes).toBeGreaterThan(100); // every commune, and '' for the city
      }
    });

    it('a second run finds the demo data, changes nothing and gives no password', async () => {
      const before = await snapshot(db);
      const second = await seed.run({ cases: CASES });
      expect(second.status).toBe('present');
      expect(second).not.toHaveProperty('credentials');
      expect(await snapshot(db)).toBe(before);
    });

    it('the printed passwords sign in', async () => {
      const api = await startApi(testEnv(db.url, MANY_SIGN_INS));
      try {
        for (const c of credentials()) {
          const s = await signIn(api, c.username, c.password);
          expect(s.user.roles).toEqual([c.role]);
        }
      } finally {
        await api.close();
      }
    }, 60_000);
  });

  /**
   * A newcomer signs in as each demo user and follows one case from the call to the statistics: the
   * demo's people meet (the hotline's intake is routed to the centre of the demo supervisor, counsellor
   * and manager by the shipped config/cases.yaml).
   */
  describe("one case through the demo world's people", () => {
    let db: TestDatabase;
    let ctx: INestApplicationContext;
    let credentials: DemoCredential[] = [];
    const log = captureLogger('warn');

    beforeAll(async () => {
      db = await createTestDatabase();
      ctx = await NestFactory.createApplicationContext(CliModule.forRoot(testEnv(db.url), log.logger), {
        logger: false,
        abortOnError: false,
      });
      const result = await ctx.get(DemoSeed).run({ cases: 100 });
      credentials = result.status === 'seeded' ? result.credentials : [];
    }, 120_000);
    afterAll(async () => {
      await ctx?.close();
      await db?.drop();
    });

    it("from the operator's call to the supervisor, the counsellor, the provider and the manager's statistics", async () => {
      const api = await startApi(testEnv(db.url, MANY_SIGN_INS));
      try {
        const token: Record<string, string> = {};
        for (const c of credentials) token[c.role] = (await signIn(api, c.username, c.password)).accessToken;
        const as = <T = Record<string, unknown>>(
          role: string,
          method: string,
          path: string,
          body?: unknown,
        ) => call<T & { id: string; code?: string }>(api, method, path, { token: token[role], body });

        // A commune without any demo case: its statistics go from 0 to "<5" with this one case.
        const [commune] = await db.query<{ code: string }>(
          `SELECT g.code FROM geo_communes g
            WHERE NOT EXISTS (SELECT 1 FROM reporting_cases rc WHERE rc.commune_code = g.code)
            ORDER BY g.code LIMIT 1`,
        );
        expect(commune).toBeDefined();
        const day = new Date().toISOString().slice(0, 10);
        const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
        const stats = async (subject: string) =>
          (
            await as<{ total: number | string }>(
              'centre_manager',
              'GET',
              `/api/v1/statistics/${subject}?from=${day}&to=${tomorrow}&communeCodes=${commune!.code}`,
            )
          ).body.total;
        expect(await stats('cases')).toBe(0);

        const opened = await as<{ reference: string }>('hotline_operator', 'POST', '/api/v1/cases', {
          channel: 'hotline',
          survivor: { sex: 'female', birthYear: 1994, communeCode: commune!.code },
          incident: { violenceTypes: ['physical_assault'] },
        });
        expect(opened.status).toBe(201);
        const caseId = opened.body.id;

        const seen = await as<{ organizationId: string }>('supervisor', 'GET', `/api/v1/cases/${caseId}`);
        expect(seen.status).toBe(200);
        const counsellor = credentials.find((c) => c.role === 'counsellor')!;
        const [counsellorId] = await db.query<{ id: string }>(`SELECT id FROM users WHERE username = $1`, [
          counsellor.username,
        ]);
        const assigned = await as('supervisor', 'POST', `/api/v1/cases/${caseId}/assignment`, {
          assigneeId: counsellorId!.id,
        });
        expect(assigned.status).toBe(200);

        expect((await as('counsellor', 'GET', `/api/v1/cases/${caseId}`)).status).toBe(200);
        const consent = await as('counsellor', 'POST', `/api/v1/cases/${caseId}/consents`, {
          purpose: 'referral',
          method: 'verbal',
          givenBy: 'survivor',
          providerTypes: ['safe_house'],
          sharedFields: ['fullName'],
        });
        expect(consent.status).toBe(201);
        const providerOrg = credentials.find((c) => c.role === 'provider_staff')!.organization;
        const [provider] = await db.query<{ id: string }>(
          `SELECT p.id FROM providers p JOIN organizations o ON o.id = p.organization_id WHERE o.name = $1`,
          [providerOrg],
        );
        const referral = await as('counsellor', 'POST', `/api/v1/cases/${caseId}/referrals`, {
          providerId: provider!.id,
          services: ['shelter'],
          urgency: 'urgent',
        });
        expect(referral.status).toBe(201);

        const byProvider = await as<{ reference: string }>(
          'provider_staff',
          'GET',
          `/api/v1/referrals/${referral.body.id}`,
        );
        expect(byProvider.status).toBe(200);
        expect(byProvider.body.reference).toBe(opened.body.reference);

        expect(await stats('cases')).toBe('<5');
        expect(await stats('referrals')).toBe('<5');
      } finally {
        await api.close();
      }
    }, 60_000);
  });

  describe('as a process', () => {
    let db: TestDatabase;
    const env = (): Record<string, string> => ({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      ...TEST_KEYS,
    });

    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('refuses NODE_ENV=production, exits 1 saying why, and writes nothing', async () => {
      const child = spawnEntry(
        'cli',
        {
          ...env(),
          NODE_ENV: 'production',
          PORT: '3000',
          LOG_LEVEL: 'warn',
          REDIS_KEY_PREFIX: 'haven-seed-demo-test',
          NOTIFY_EXTERNAL: 'none',
        },
        ['seed:demo', '--cases', '100'],
      );
      expect(await child.exit).toBe(1);
      expect(child.stderr()).toContain('refuses to run with NODE_ENV=production');
      expect(await count(db, `SELECT count(*)::int AS n FROM organizations`)).toBe(0);
      expect(await count(db, `SELECT count(*)::int AS n FROM users`)).toBe(0);
    }, 60_000);

    it('prints the credentials table once; the second run prints that the data is there and no password', async () => {
      const run1 = spawnEntry('cli', env(), ['seed:demo', '--cases', '100']);
      expect(await run1.exit).toBe(0);
      const table = run1.stdout();
      for (const role of ROLES) expect(table).toContain(`demo.${role}`);
      const passwords = [...table.matchAll(/\| ([A-Za-z0-9]{20}) +\|$/gm)].map((m) => m[1] ?? '');
      expect(passwords).toHaveLength(ROLES.length);
      for (const p of passwords) expect(run1.stderr()).not.toContain(p);

      const run2 = spawnEntry('cli', env(), ['seed:demo', '--cases', '100']);
      expect(await run2.exit).toBe(0);
      expect(run2.stdout()).toContain('the demo data is there already');
      expect(run2.stdout()).toContain('reset-password');
      for (const p of passwords) expect(run2.stdout() + run2.stderr()).not.toContain(p);
      expect(run2.stdout()).not.toMatch(/\| [A-Za-z0-9]{20} +\|/);
    }, 90_000);
  });
});
