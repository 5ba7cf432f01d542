import { randomBytes, randomUUID } from 'node:crypto';
import { Controller, Get, Module } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  AccessModule,
  AccessRulesError,
  AccessService,
  BreakGlassService,
  ResourceDescriptor,
} from '../../src/modules/access';
import { AuditModule } from '../../src/modules/audit';
import { CatalogueModule } from '../../src/platform/catalogues';
import { EnvModule, loadEnv } from '../../src/platform/config';
import { CryptoModule, CryptoService } from '../../src/platform/crypto';
import { DatabaseModule } from '../../src/platform/database';
import { Actor, AuthUser, DomainError, Policy, statusOfCode } from '../../src/platform/http';
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
/** Registers the case, provider, referral and stay resources as their modules do at start-up. */
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

async function startAccess(
  databaseUrl: string,
  controllers: (new () => object)[] = [],
): Promise<INestApplicationContext> {
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
    controllers,
    // The case module registers its resource at start-up; this test boots the access module without it.
    providers: [REGISTER_CASE],
  })
  class AccessTestModule {}
  return NestFactory.createApplicationContext(AccessTestModule, { logger: false, abortOnError: false });
}

/** What the notifications module registers. */
const NOTIFICATION: ResourceDescriptor = {
  resource: 'notification',
  table: 'notifications',
  alias: 'n',
  columns: { id: 'id', ownerId: 'recipient_id' },
};

const ORG_A = randomUUID();
const ORG_B = randomUUID();

const staff = (roles: string[], organizationId = ORG_A): AuthUser => ({
  id: randomUUID(),
  username: `u${randomBytes(3).toString('hex')}`,
  roles,
  organizationId,
  sessionId: randomUUID(),
  mfaVerified: false,
});
const actorOf = (user: AuthUser): Actor => ({ user, requestId: `req-${randomBytes(6).toString('hex')}` });

/** The DomainError a promise rejects with. */
async function domainError(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

interface AuditRow {
  actor_id: string | null;
  action: string;
  outcome: string;
  entity_type: string | null;
  entity_id: string | null;
  case_id: string | null;
  reason_code: string | null;
  reason_text_enc: string | null;
  request_id: string | null;
}

describe('the access module on a real database', () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  let access: AccessService;
  let breakGlass: BreakGlassService;
  let dataSource: DataSource;
  let crypto: CryptoService;

  const audits = (where: string, params: unknown[]) =>
    db.query<AuditRow>(`SELECT * FROM audit_events WHERE ${where} ORDER BY id`, params);

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startAccess(db.url);
    access = app.get(AccessService);
    breakGlass = app.get(BreakGlassService);
    dataSource = app.get<DataSource>(getDataSourceToken());
    crypto = app.get(CryptoService);
    // The modules that own these resources register them at start-up; here the test does.
    access.registerResource(NOTIFICATION);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('single records and lists (notifications)', () => {
    const alice = staff(['counsellor']);
    const bob = staff(['counsellor']);
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      for (const [key, recipient] of [
        ['a1', alice],
        ['a2', alice],
        ['b1', bob],
      ] as const) {
        const [row] = await db.query<{ id: string }>(
          `INSERT INTO notifications (recipient_id, type, title) VALUES ($1, 'case_assigned', 'Ca HN-2026-000001') RETURNING id`,
          [recipient.id],
        );
        ids[key] = row!.id;
      }
    });

    const notification = async (id: string) => {
      const [row] = await db.query<{ id: string; recipient_id: string }>(
        `SELECT id, recipient_id FROM notifications WHERE id = $1`,
        [id],
      );
      return { id: row!.id, ownerId: row!.recipient_id };
    };

    it('lists only what a single read allows', async () => {
      const f = access.filter(alice, 'notification.list', 'notification');
      const rows = await db.query<{ id: string }>(
        `SELECT n.id FROM notifications n WHERE ${f.sql} ORDER BY n.id`,
        f.params,
      );
      expect(rows.map((r) => r.id).sort()).toEqual([ids.a1, ids.a2].sort());
      for (const id of Object.values(ids)) {
        const allowed = (await access.can(alice, 'notification.read', await notification(id))) === 'allow';
        expect(allowed).toBe(rows.some((r) => r.id === id));
      }
    });

    it('hides another user’s notification (404) and audits the refusal', async () => {
      const actor = actorOf(alice);
      const record = await notification(ids.b1!);
      expect(await access.can(alice, 'notification.mark_read', record)).toBe('deny_hidden');
      const err = await domainError(access.assert(alice, 'notification.mark_read', record, { actor }));
      expect(err.code).toBe('NOT_FOUND');
      expect(statusOfCode(err.code)).toBe(404);
      expect(await audits(`request_id = $1`, [actor.requestId])).toEqual([
        expect.objectContaining({
          actor_id: alice.id,
          action: 'access.denied',
          outcome: 'denied',
          entity_type: 'notification',
          entity_id: ids.b1,
          reason_code: 'notification.mark_read',
        }),
      ]);
    });

    it('passes an allowed action without auditing a refusal', async () => {
      const actor = actorOf(alice);
      await access.assert(alice, 'notification.mark_read', await notification(ids.a1!), { actor });
      expect(await audits(`request_id = $1`, [actor.requestId])).toEqual([]);
    });

    it('keeps the audit of a refusal when the caller’s transaction rolls back', async () => {
      const actor = actorOf(bob);
      const record = await notification(ids.a1!);
      await expect(
        dataSource.transaction(async (manager) => {
          await manager.query(`UPDATE notifications SET read_at = now() WHERE id = $1`, [ids.b1]);
          await access.assert(bob, 'notification.mark_read', record, { actor, manager });
        }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await audits(`request_id = $1`, [actor.requestId])).toHaveLength(1);
      const [b1] = await db.query<{ read_at: Date | null }>(
        `SELECT read_at FROM notifications WHERE id = $1`,
        [ids.b1],
      );
      expect(b1!.read_at).toBeNull();
    });

    it('refuses visibly (403) what has no read rule to hide behind, and audits it', async () => {
      const actor = actorOf(alice);
      const target = { id: bob.id, organizationId: ORG_A };
      const err = await domainError(access.assert(alice, 'user.manage', target, { actor }));
      expect(err.code).toBe('FORBIDDEN');
      expect(await audits(`request_id = $1`, [actor.requestId])).toEqual([
        expect.objectContaining({ entity_type: 'user', entity_id: bob.id, reason_code: 'user.manage' }),
      ]);
      await access.assert(staff(['admin']), 'user.manage', target, { actor: actorOf(alice) });
    });

    it('refuses visibly (403) an action on no record, such as creating one', async () => {
      expect(await access.can(staff(['centre_manager']), 'case.create', undefined)).toBe('deny_visible');
      expect(await access.can(staff(['hotline_operator']), 'case.create', undefined)).toBe('allow');
    });

    it('treats an unknown action, a resource mix-up or a second registration as a programming error', async () => {
      await expect(access.can(alice, 'notification.delete_all', {})).rejects.toThrow(
        "access action 'notification.delete_all' is not in config/access-rules.yaml",
      );
      expect(() => access.filter(alice, 'notification.read', 'case')).toThrow(
        "action 'notification.read' is not an action on resource 'case'",
      );
      expect(() => {
        access.registerResource(NOTIFICATION);
      }).toThrow('registered twice');
    });
  });

  describe('break-glass', () => {
    const counsellor = staff(['counsellor']);
    const colleague = staff(['counsellor']);
    const supervisor = staff(['supervisor']);
    const otherSupervisor = staff(['supervisor']);
    const reason = 'Covering the night shift: the assigned colleague is off sick';
    const caseIds = {
      open: randomUUID(),
      restricted: randomUUID(),
      otherOrg: randomUUID(),
      mine: randomUUID(),
    };

    const caseRecord = async (id: string) => {
      const [r] = await db.query<{
        id: string;
        organization_id: string;
        assignee_id: string | null;
        created_by: string;
        opened_at: Date;
        status: string;
        restricted: boolean;
      }>(`SELECT * FROM cases WHERE id = $1`, [id]);
      return {
        id: r!.id,
        caseId: r!.id,
        organizationId: r!.organization_id,
        assigneeId: r!.assignee_id,
        createdBy: r!.created_by,
        createdAt: r!.opened_at,
        status: r!.status,
        restricted: r!.restricted,
      };
    };
    const listed = async (user: AuthUser): Promise<string[]> => {
      const f = access.filter(user, 'case.list', 'case');
      return (await db.query<{ id: string }>(`SELECT c.id FROM cases c WHERE ${f.sql}`, f.params)).map(
        (r) => r.id,
      );
    };
    const grant = (caseId: string, organizationId: string, restricted: boolean, reasonText = reason) =>
      dataSource.transaction((manager) =>
        access.grantBreakGlass(manager, {
          user: counsellor,
          caseId,
          organizationId,
          restricted,
          reasonText,
          actor: actorOf(counsellor),
        }),
      );
    const grantCount = async () =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM break_glass_grants WHERE user_id = $1`,
          [counsellor.id],
        )
      )[0]!.n;

    beforeAll(async () => {
      const insert = (id: string, org: string, restricted: boolean, assignee: string | null) =>
        db.query(
          `INSERT INTO cases (id, reference, organization_id, channel, received_at, assignee_id, created_by,
                              status, restricted, record_key)
           VALUES ($1::uuid, $1::text, $2, 'hotline', now(), $3, $4, 'in_progress', $5, 0)`,
          [id, org, assignee, colleague.id, restricted],
        );
      await insert(caseIds.open, ORG_A, false, colleague.id);
      await insert(caseIds.restricted, ORG_A, true, colleague.id);
      await insert(caseIds.otherOrg, ORG_B, false, null);
      await insert(caseIds.mine, ORG_A, false, counsellor.id);
      await db.query(`INSERT INTO case_restricted_supervisors VALUES ($1, $2)`, [
        caseIds.restricted,
        supervisor.id,
      ]);
    });

    it('hides a colleague’s case from a counsellor without a grant', async () => {
      expect(await access.can(counsellor, 'case.read', await caseRecord(caseIds.open))).toBe('deny_hidden');
      expect(await listed(counsellor)).toEqual([caseIds.mine]);
    });

    it('lets a counsellor ask for break-glass on an unrestricted case of their organisation only', async () => {
      await access.assert(counsellor, 'case.break_glass', await caseRecord(caseIds.open));
      for (const id of [caseIds.otherOrg, caseIds.restricted]) {
        expect(
          (await domainError(access.assert(counsellor, 'case.break_glass', await caseRecord(id)))).code,
        ).toBe('NOT_FOUND');
      }
      expect(
        (await domainError(access.assert(supervisor, 'case.break_glass', await caseRecord(caseIds.open))))
          .code,
      ).toBe('FORBIDDEN');
    });

    it('refuses a short reason, another organisation and a restricted case, writing nothing', async () => {
      const short = await domainError(grant(caseIds.open, ORG_A, false, '  too short  '));
      expect(short.code).toBe('BREAK_GLASS_REASON_TOO_SHORT');
      expect(short.params).toEqual({ field: 'reasonText', min: 20 });
      expect(statusOfCode(short.code)).toBe(400);
      const other = await domainError(grant(caseIds.otherOrg, ORG_B, false));
      expect(other.code).toBe('BREAK_GLASS_OTHER_ORGANIZATION');
      expect(statusOfCode(other.code)).toBe(403);
      const restricted = await domainError(grant(caseIds.restricted, ORG_A, true));
      expect(restricted.code).toBe('BREAK_GLASS_RESTRICTED');
      expect(statusOfCode(restricted.code)).toBe(403);
      expect(await grantCount()).toBe(0);
    });

    it('refuses to grant outside a transaction', async () => {
      await expect(
        breakGlass.grant(dataSource.manager, {
          user: counsellor,
          caseId: caseIds.open,
          organizationId: ORG_A,
          restricted: false,
          reasonText: reason,
          actor: actorOf(counsellor),
        }),
      ).rejects.toThrow('inside a transaction');
    });

    it('grants 4 hours with the reason encrypted and audited, and opens the case for that time', async () => {
      const g = await grant(caseIds.open, ORG_A, false);
      expect(g.expiresAt.getTime() - g.grantedAt.getTime()).toBe(4 * 3_600_000);
      expect(await access.activeGrant(counsellor.id, caseIds.open)).toEqual(g);

      const [row] = await db.query<{ reason_text_enc: string }>(
        `SELECT reason_text_enc FROM break_glass_grants WHERE id = $1`,
        [g.id],
      );
      expect(row!.reason_text_enc).not.toContain('night shift');
      expect(crypto.decrypt(row!.reason_text_enc, 'break_glass_grants.reason_text_enc')).toBe(reason);
      const [audit] = await audits(`action = 'access.break_glass_granted' AND entity_id = $1`, [g.id]);
      expect(audit).toMatchObject({
        actor_id: counsellor.id,
        case_id: caseIds.open,
        reason_code: 'break_glass',
      });
      expect(audit!.reason_text_enc).not.toContain('night shift');

      const record = await caseRecord(caseIds.open);
      expect(await access.can(counsellor, 'case.read', record)).toBe('allow');
      expect(await access.can(counsellor, 'case.update', record)).toBe('allow');
      expect(await access.can(counsellor, 'case.assign', record)).toBe('deny_visible');
      expect((await listed(counsellor)).sort()).toEqual([caseIds.open, caseIds.mine].sort());
      // The grant is the counsellor's own.
      expect(await access.can(colleague, 'case.read', await caseRecord(caseIds.mine))).toBe('deny_hidden');
    });

    it('refuses a second grant while one is active', async () => {
      const err = await domainError(grant(caseIds.open, ORG_A, false));
      expect(err.code).toBe('BREAK_GLASS_ALREADY_ACTIVE');
      expect(statusOfCode(err.code)).toBe(409);
    });

    it('never opens a restricted case, even with an active grant', async () => {
      await db.query(`UPDATE cases SET restricted = true WHERE id = $1`, [caseIds.open]);
      try {
        expect(await access.can(counsellor, 'case.read', await caseRecord(caseIds.open))).toBe('deny_hidden');
        expect(await listed(counsellor)).toEqual([caseIds.mine]);
      } finally {
        await db.query(`UPDATE cases SET restricted = false WHERE id = $1`, [caseIds.open]);
      }
    });

    it('never crosses organisations, even with a grant naming the other organisation', async () => {
      await db.query(
        `INSERT INTO break_glass_grants (user_id, case_id, organization_id, reason_text_enc, expires_at)
         VALUES ($1, $2, $3, 'synthetic', now() + interval '4 hours')`,
        [counsellor.id, caseIds.otherOrg, ORG_B],
      );
      expect(await access.can(counsellor, 'case.read', await caseRecord(caseIds.otherOrg))).toBe(
        'deny_hidden',
      );
      expect(await listed(counsellor)).not.toContain(caseIds.otherOrg);
      // A case moved to another organisation after the grant is closed to it as well.
      await db.query(`UPDATE cases SET organization_id = $2 WHERE id = $1`, [caseIds.open, ORG_B]);
      try {
        const moved = await caseRecord(caseIds.open);
        expect(await access.can({ ...counsellor, organizationId: ORG_B }, 'case.read', moved)).toBe(
          'deny_hidden',
        );
      } finally {
        await db.query(`UPDATE cases SET organization_id = $2 WHERE id = $1`, [caseIds.open, ORG_A]);
      }
    });

    it('closes the case again once the grant has expired, and allows a new grant', async () => {
      await db.query(
        `UPDATE break_glass_grants SET granted_at = granted_at - interval '5 hours', expires_at = expires_at - interval '5 hours'
          WHERE user_id = $1 AND case_id = $2`,
        [counsellor.id, caseIds.open],
      );
      expect(await breakGlass.activeGrant(counsellor.id, caseIds.open)).toBeNull();
      expect(await access.can(counsellor, 'case.read', await caseRecord(caseIds.open))).toBe('deny_hidden');
      expect(await listed(counsellor)).toEqual([caseIds.mine]);
      const again = await grant(caseIds.open, ORG_A, false);
      expect(await breakGlass.activeGrant(counsellor.id, caseIds.open)).toEqual(again);
    });

    it('ends a grant when revoked, and audits it', async () => {
      const actor = actorOf(supervisor);
      const ended = await dataSource.transaction((manager) =>
        breakGlass.revoke(manager, {
          userId: counsellor.id,
          caseId: caseIds.open,
          actor,
          reasonCode: 'user_disabled',
        }),
      );
      expect(ended).toBe(1);
      expect(await breakGlass.activeGrant(counsellor.id, caseIds.open)).toBeNull();
      expect(await access.can(counsellor, 'case.read', await caseRecord(caseIds.open))).toBe('deny_hidden');
      expect(await audits(`request_id = $1`, [actor.requestId])).toEqual([
        expect.objectContaining({
          action: 'access.break_glass_revoked',
          case_id: caseIds.open,
          reason_code: 'user_disabled',
        }),
      ]);
    });

    it('shows a restricted case to the assignee and the supervisors named on it, and to no one else', async () => {
      const record = await caseRecord(caseIds.restricted);
      expect(await access.can(supervisor, 'case.read', record)).toBe('allow');
      expect(await access.can(otherSupervisor, 'case.read', record)).toBe('deny_hidden');
      expect(await access.can(colleague, 'case.read', record)).toBe('allow');
      expect(await listed(supervisor)).toContain(caseIds.restricted);
      expect(await listed(otherSupervisor)).not.toContain(caseIds.restricted);
      expect((await listed(otherSupervisor)).sort()).toEqual([caseIds.open, caseIds.mine].sort());
    });
  });
});

describe('start-up checks of the access module', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('stops when a route’s @Policy names an action the rule file does not have', async () => {
    @Controller('probe')
    class MisspeltPolicyController {
      @Policy('case.raed')
      @Get()
      read(): string {
        return 'never';
      }
    }
    const started = startAccess(db.url, [MisspeltPolicyController]);
    await expect(started).rejects.toThrow(AccessRulesError);
    await expect(started).rejects.toThrow(
      "MisspeltPolicyController.read: @Policy('case.raed') names an action that config/access-rules.yaml does not have",
    );
  });

  it('starts when every @Policy names an action of the rule file', async () => {
    @Controller('probe')
    class PolicyController {
      @Policy('case.read')
      @Get()
      read(): string {
        return 'ok';
      }
    }
    const app = await startAccess(db.url, [PolicyController]);
    await app.close();
  });
});
