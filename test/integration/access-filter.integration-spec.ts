import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AuditModule, AuditService } from '../../src/modules/audit';
import { AccessModule, AccessService, BreakGlassService } from '../../src/modules/access';
import { AccessFactRepository } from '../../src/modules/access/access-fact.repository';
import { CONDITIONS } from '../../src/modules/access/domain/conditions';
import { AccessPolicy } from '../../src/modules/access/domain/policy';
import type { AccessRecord, AccessUser } from '../../src/modules/access/domain/access-record';
import type { ResourceDescriptor } from '../../src/modules/access/domain/resource-descriptor';
import { parseAccessRules } from '../../src/modules/access/domain/rules';
import { CatalogueModule, CatalogueService } from '../../src/platform/catalogues';
import { configDir, EnvModule, loadEnv } from '../../src/platform/config';
import { CryptoModule } from '../../src/platform/crypto';
import { DatabaseModule } from '../../src/platform/database';
import { LoggingModule } from '../../src/platform/logging';
import { createTestDatabase, TestDatabase } from '../support/database';
import { captureLogger } from '../support/log-capture';
import { TEST_REDIS_URL } from '../support/services';
import { CASE_RESOURCE } from '../../src/modules/cases/case.resource';
import { PROVIDER_RESOURCE } from '../../src/modules/directory/provider.resource';
import { REFERRAL_RESOURCE, STAY_RESOURCE } from '../../src/modules/referrals/referral.resource';
import { FOLLOW_UP_RESOURCE } from '../../src/modules/followups/follow-up.resource';
import { ACTIVITY_RESOURCE } from '../../src/modules/activities/activity.resource';
import { REPORT_RESOURCE } from '../../src/modules/reporting/report.resource';
import { CALL_RESOURCE } from '../../src/modules/calls/call.resource';
import { CASE_TRANSFER_RESOURCE } from '../../src/modules/cases/case-transfer.resource';

/** The access module on the test database, with what it needs of the platform (no queues, no HTTP). */
/** Registers the case resource as the case module does at start-up. */
const REGISTER_CASE = {
  provide: 'register-case-resource',
  inject: [AccessService],
  useFactory: (access: AccessService): boolean => {
    access.registerResource(CASE_RESOURCE);
    access.registerResource(PROVIDER_RESOURCE);
    access.registerResource(REFERRAL_RESOURCE);
    access.registerResource(STAY_RESOURCE);
    access.registerResource(FOLLOW_UP_RESOURCE);
    access.registerResource(ACTIVITY_RESOURCE);
    access.registerResource(REPORT_RESOURCE);
    access.registerResource(CALL_RESOURCE);
    access.registerResource(CASE_TRANSFER_RESOURCE);
    return true;
  },
};

async function startAccess(databaseUrl: string): Promise<INestApplicationContext> {
  const env = loadEnv({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    HAVEN_DATA_KEYS: `t1:${randomBytes(32).toString('base64')}`,
    HAVEN_INDEX_KEY: `ti:${randomBytes(32).toString('base64')}`,
    JWT_SECRET: randomBytes(32).toString('base64url'),
  });
  @Module({
    imports: [
      EnvModule.forRoot(env),
      LoggingModule.forRoot(captureLogger().logger),
      DatabaseModule.forRoot(env, 'haven-test-access'),
      CryptoModule,
      CatalogueModule,
      AuditModule,
      AccessModule,
    ],
    // The case module registers its resource at start-up; this test boots the access module without it.
    providers: [REGISTER_CASE],
  })
  class AccessTestModule {}
  return NestFactory.createApplicationContext(AccessTestModule, { logger: false, abortOnError: false });
}

/**
 * Property: for random users, random records and random rules (and the shipped case rules), the SQL
 * filter keeps exactly the rows the single-record decision allows. The records live in a synthetic
 * table of this test's database, with names and break-glass grants beside them.
 * Reproduce a failure with ACCESS_PROPERTY_SEED=<the seed in the message>.
 */

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => {
    const x = xs[int(xs.length)];
    if (x === undefined) throw new Error('pick from an empty list');
    return x;
  };
  const chance = (p: number) => next() < p;
  return { int, pick, chance };
}

const SEED = Number(process.env.ACCESS_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const HOUR = 3_600_000;
/** Windows the random rules use; record ages stay half an hour away from any of their edges. */
const HOURS = [1, 4, 24, 72];

const PROBE: ResourceDescriptor = {
  resource: 'probe',
  table: 'access_probe_records',
  alias: 'p',
  columns: {
    id: 'id',
    caseId: 'case_id',
    organizationId: 'organization_id',
    ownerId: 'owner_id',
    assigneeId: 'assignee_id',
    createdBy: 'created_by',
    createdAt: 'created_at',
    status: 'status',
    restricted: 'restricted',
    recipientOrganizationId: 'recipient_organization_id',
  },
  namedUsers: { table: 'access_probe_names', keyColumn: 'record_id', userColumn: 'user_id' },
  partnerOrganizations: {
    table: 'access_probe_partners',
    keyColumn: 'record_id',
    organizationColumn: 'organization_id',
  },
};

interface Row {
  id: string;
  case_id: string | null;
  organization_id: string | null;
  owner_id: string | null;
  assignee_id: string | null;
  created_by: string | null;
  created_at: Date | null;
  status: string | null;
  restricted: boolean | null;
  recipient_organization_id: string | null;
}

const toRecord = (r: Row): AccessRecord => ({
  id: r.id,
  caseId: r.case_id,
  organizationId: r.organization_id,
  ownerId: r.owner_id,
  assigneeId: r.assignee_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  status: r.status,
  restricted: r.restricted,
  recipientOrganizationId: r.recipient_organization_id,
});

describe(`the access SQL filter agrees with single-record decisions (seed ${SEED})`, () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let roles: string[];
  let service: AccessService;
  let policy: AccessPolicy;
  let users: AccessUser[];
  let rows: Row[];
  const rng = generator(SEED);

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startAccess(db.url);
    dataSource = app.get<DataSource>(getDataSourceToken());
    roles = app.get(CatalogueService).keys('roles');

    await db.query(`
      CREATE TABLE access_probe_records (
        id uuid PRIMARY KEY, case_id uuid, organization_id uuid, owner_id uuid, assignee_id uuid,
        created_by uuid, created_at timestamptz, status text, restricted boolean, recipient_organization_id uuid)`);
    await db.query(`CREATE TABLE access_probe_names (record_id uuid NOT NULL, user_id uuid NOT NULL)`);
    await db.query(
      `CREATE TABLE access_probe_partners (record_id uuid NOT NULL, organization_id uuid NOT NULL)`,
    );

    const orgs = [randomUUID(), randomUUID(), randomUUID()];
    users = Array.from({ length: 7 }, () => ({
      id: randomUUID(),
      organizationId: rng.pick(orgs),
      roles: roles.filter(() => rng.chance(0.35)),
    }));
    // Make sure the interesting roles are present at least once.
    users.push({ id: randomUUID(), organizationId: orgs[0]!, roles: ['supervisor'] });
    users.push({ id: randomUUID(), organizationId: orgs[0]!, roles: ['counsellor'] });
    users.push({ id: randomUUID(), organizationId: orgs[1]!, roles: ['hotline_operator'] });
    const people = [...users.map((u) => u.id), randomUUID()];
    const caseIds = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const maybe = <T>(xs: readonly T[], pNull = 0.15): T | null => (rng.chance(pNull) ? null : rng.pick(xs));

    const now = Date.now();
    rows = Array.from({ length: 220 }, (): Row => {
      const id = randomUUID();
      return {
        id,
        case_id: rng.chance(0.5) ? id : maybe(caseIds),
        organization_id: maybe(orgs),
        owner_id: maybe(people),
        assignee_id: maybe(people, 0.3),
        created_by: maybe(people),
        // Ages of k + ½ hours: never within half an hour of a window's edge.
        created_at: rng.chance(0.1) ? null : new Date(now - (rng.int(100) + 0.5) * HOUR),
        status: maybe(['intake', 'assessment', 'in_progress', 'closed', 'closed'], 0.1),
        restricted: rng.chance(0.1) ? null : rng.chance(0.35),
        recipient_organization_id: maybe(orgs, 0.4),
      };
    });
    for (const r of rows) {
      await db.query(`INSERT INTO access_probe_records VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
        r.id,
        r.case_id,
        r.organization_id,
        r.owner_id,
        r.assignee_id,
        r.created_by,
        r.created_at,
        r.status,
        r.restricted,
        r.recipient_organization_id,
      ]);
    }
    for (let i = 0; i < 160; i++) {
      await db.query(`INSERT INTO access_probe_names VALUES ($1, $2)`, [rng.pick(rows).id, rng.pick(people)]);
    }
    for (let i = 0; i < 120; i++) {
      await db.query(`INSERT INTO access_probe_partners VALUES ($1, $2)`, [
        rng.pick(rows).id,
        rng.pick(orgs),
      ]);
    }
    // Break-glass grants: active, expired and revoked, for cases and organisations that match or not.
    const grantCases = [...caseIds, ...rows.filter(() => rng.chance(0.15)).map((r) => r.id)];
    for (let i = 0; i < 120; i++) {
      const kind = rng.pick(['active', 'active', 'expired', 'revoked']);
      await db.query(
        `INSERT INTO break_glass_grants (user_id, case_id, organization_id, reason_text_enc, granted_at, expires_at, revoked_at)
         VALUES ($1, $2, $3, 'synthetic', now() - interval '5 hours', now() + $4::interval, $5)`,
        [
          rng.pick(users).id,
          rng.pick(grantCases),
          rng.pick(orgs),
          kind === 'expired' ? '-1 hour' : '3 hours',
          kind === 'revoked' ? new Date(now - HOUR) : null,
        ],
      );
    }

    // Random rules over every condition, and the shipped case rules applied to the probe table.
    const names = [...CONDITIONS.keys()];
    const condition = (name: string): string => {
      const def = CONDITIONS.get(name)!;
      switch (def.argument) {
        case 'none':
          return name;
        case 'role':
          return `${name}(${rng.pick(roles)})`;
        case 'hours':
          return `${name}(${rng.pick(HOURS)})`;
      }
    };
    const lines = ['actions:'];
    for (let i = 0; i < 24; i++) {
      const sets = Array.from({ length: rng.int(4) }, () => {
        const chosen = [...new Set(Array.from({ length: 1 + rng.int(3) }, () => rng.pick(names)))];
        return `[${chosen.map(condition).join(', ')}]`;
      });
      lines.push(`  probe.${i === 0 ? 'read' : `r${i}`}: [${sets.join(', ')}]`);
    }
    // Each condition alone, so none goes unchecked whatever the draw.
    for (const name of names) lines.push(`  probe.only_${name.toLowerCase()}: [[${condition(name)}]]`);
    const shipped = app.get(AccessService);
    expect(shipped.hasAction('case.read')).toBe(true);
    const caseRules = parseAccessRules(
      'config/access-rules.yaml',
      readFileSync(join(configDir(), 'access-rules.yaml'), 'utf8'),
      { roles },
    );
    for (const [action, sets] of caseRules.actions) {
      if (!action.startsWith('case.')) continue;
      lines.push(
        `  probe.${action.replace('.', '_')}: [${sets.map((s) => `[${s.map((c) => c.text).join(', ')}]`).join(', ')}]`,
      );
    }
    policy = new AccessPolicy(parseAccessRules('probe-rules.yaml', lines.join('\n'), { roles }));
    policy.register(PROBE);
    service = new AccessService(
      policy,
      dataSource,
      app.get(AuditService),
      app.get(BreakGlassService),
      app.get(AccessFactRepository),
    );
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const sqlAllowed = async (user: AccessUser, action: string): Promise<Set<string>> => {
    const f = service.filter(user, action, 'probe');
    const found = await db.query<{ id: string }>(
      `SELECT p.id FROM access_probe_records p WHERE ${f.sql}`,
      f.params,
    );
    return new Set(found.map((r) => r.id));
  };

  it('keeps in SQL exactly the records each decision allows, for every user and action', async () => {
    const actions = [...policy.rules.actions.keys()];
    let allowedSomewhere = 0;
    for (const action of actions) {
      for (const user of users) {
        const inSql = await sqlAllowed(user, action);
        const inMemory = new Set<string>();
        for (const r of rows) {
          if ((await service.can(user, action, toRecord(r))) === 'allow') inMemory.add(r.id);
        }
        const onlySql = [...inSql].filter((id) => !inMemory.has(id));
        const onlyMemory = [...inMemory].filter((id) => !inSql.has(id));
        if (onlySql.length || onlyMemory.length) {
          throw new Error(
            `seed ${SEED}: ${action} for user ${JSON.stringify(user)} disagrees: ` +
              `SQL only ${JSON.stringify(onlySql.slice(0, 3))}, decision only ${JSON.stringify(onlyMemory.slice(0, 3))}; ` +
              `filter ${service.filter(user, action, 'probe').sql}`,
          );
        }
        if (inSql.size > 0) allowedSomewhere++;
      }
    }
    // The property says nothing if every filter is empty: the data must let many pairs through.
    expect(allowedSomewhere).toBeGreaterThan(actions.length);
  });

  it('hides (404) exactly the records that the read filter leaves out', async () => {
    for (const user of users) {
      const readable = await sqlAllowed(user, 'probe.read');
      for (const action of ['probe.case_update', 'probe.case_assign', 'probe.r1']) {
        for (const r of rows) {
          const decision = await service.can(user, action, toRecord(r));
          if (decision === 'allow') continue;
          expect({ id: r.id, action, hidden: decision === 'deny_hidden' }).toEqual({
            id: r.id,
            action,
            hidden: !readable.has(r.id),
          });
        }
      }
    }
  });

  it('uses the caller’s alias and parameter numbering', async () => {
    const user = users.find((u) => u.roles.includes('supervisor'))!;
    const f = service.filter(user, 'probe.case_read', 'probe', { alias: 'x', firstParam: 2 });
    expect(f.sql).toContain('x.organization_id = $');
    expect(f.sql).not.toContain('$1');
    const found = await db.query<{ id: string }>(
      `SELECT x.id FROM access_probe_records x WHERE x.id <> $1 AND ${f.sql}`,
      [randomUUID(), ...f.params],
    );
    expect(new Set(found.map((r) => r.id))).toEqual(await sqlAllowed(user, 'probe.case_read'));
  });

  it('gives the QueryBuilder the same rows with named parameters', async () => {
    for (const user of users.slice(-3)) {
      const f = service.filterNamed(user, 'probe.case_read', 'probe');
      const found = await dataSource
        .createQueryBuilder()
        .select('p.id', 'id')
        .from('access_probe_records', 'p')
        .where(f.sql, f.params)
        .getRawMany<{ id: string }>();
      expect(new Set(found.map((r) => r.id))).toEqual(await sqlAllowed(user, 'probe.case_read'));
    }
  });
});
