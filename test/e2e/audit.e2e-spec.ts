import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditSealer, AuditService } from '../../src/modules/audit';
import { startApi, testEnv, RunningApi } from '../support/app';
import { call, createUser, MANY_SIGN_INS, RoleName, signInAs, TestUser } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';

interface Page {
  items: {
    id: string;
    at: string;
    actorId: string | null;
    actorDisplayName: string | null;
    actorRoles: string[];
    organizationId: string | null;
    action: string;
    outcome: string;
    entityType: string | null;
    entityId: string | null;
    caseId: string | null;
    reasonCode: string | null;
    reasonText: string | null;
    requestId: string | null;
    sealed: boolean;
  }[];
  nextCursor: string | null;
}
interface ErrorAnswer {
  code: string;
  message: string;
  details?: { field: string; problems: string[] }[];
}

describe('the audit trail over HTTP (auditors only)', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let auditor: TestUser;
  let token: string;
  const caseId = randomUUID();
  const reasonText = 'Chị Hoa xin nghỉ, tôi trực thay ca đêm';

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, MANY_SIGN_INS));
    auditor = await createUser(db, { roles: ['auditor'] });
    token = (await signInAs(api, auditor)).accessToken;
    // Activity on a case, written the way every module writes it: in the transaction of the change.
    const audit = api.app.get(AuditService);
    const ds = api.app.get(DataSource);
    const actor = { id: randomUUID(), roles: ['counsellor'], organizationId: auditor.organizationId };
    for (let i = 0; i < 4; i++) {
      await ds.transaction((m) =>
        audit.record(m, { action: 'case.read', actor, entityType: 'case', entityId: caseId, caseId }),
      );
    }
    await ds.transaction((m) =>
      audit.record(m, {
        action: 'case.break_glass',
        actor,
        entityType: 'case',
        entityId: caseId,
        caseId,
        reasonCode: 'covering_colleague',
        reasonText,
        requestId: 'req-e2e-break-glass',
      }),
    );
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const get = <T = Page>(path: string, headers: Record<string, string> = {}) =>
    call<T>(api, 'GET', path, { token, headers });

  it('answers 401 to an anonymous caller', async () => {
    const res = await call<ErrorAnswer>(api, 'GET', '/api/v1/audit');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect((await call(api, 'GET', '/api/v1/audit/verify')).status).toBe(401);
  });

  it.each<RoleName>([
    'hotline_operator',
    'counsellor',
    'supervisor',
    'provider_staff',
    'centre_manager',
    'admin',
  ])('answers 403 to a %s', async (role) => {
    const user = await createUser(db, { roles: [role] });
    const other = (await signInAs(api, user)).accessToken;
    const res = await call<ErrorAnswer>(api, 'GET', '/api/v1/audit', { token: other });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect((await call(api, 'GET', '/api/v1/audit/verify', { token: other })).status).toBe(403);
  });

  it("gives the auditor a case's trail newest first, with the reason decrypted", async () => {
    const res = await get(`/api/v1/audit?caseId=${caseId}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(5);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items[0]).toEqual({
      id: expect.stringMatching(/^\d+$/) as unknown,
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/) as unknown,
      actorId: expect.any(String) as unknown,
      actorDisplayName: null,
      actorRoles: ['counsellor'],
      organizationId: auditor.organizationId,
      action: 'case.break_glass',
      outcome: 'success',
      entityType: 'case',
      entityId: caseId,
      caseId,
      reasonCode: 'covering_colleague',
      reasonText,
      requestId: 'req-e2e-break-glass',
      sealed: false,
    });
    expect(res.body.items.slice(1).every((i) => i.action === 'case.read')).toBe(true);
  });

  it('names each acting user by their display name (null for no known user)', async () => {
    const counsellor = await createUser(db, { roles: ['counsellor'], displayName: 'Nguyễn Thị Mai' });
    const subject = randomUUID();
    const ds = api.app.get(DataSource);
    const audit = api.app.get(AuditService);
    await ds.transaction(async (m) => {
      await audit.record(m, {
        action: 'case.read',
        actor: { id: counsellor.id, roles: counsellor.roles, organizationId: counsellor.organizationId },
        entityType: 'case',
        entityId: subject,
        caseId: subject,
      });
      await audit.record(m, { action: 'auth.login', outcome: 'failure', actor: null, caseId: subject });
    });
    const res = await get(`/api/v1/audit?caseId=${subject}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => [i.action, i.actorDisplayName])).toEqual([
      ['auth.login', null],
      ['case.read', 'Nguyễn Thị Mai'],
    ]);
  });

  it('pages with nextCursor until the last page', async () => {
    const seen: string[] = [];
    let path = `/api/v1/audit?caseId=${caseId}&limit=2`;
    for (let i = 0; i < 5; i++) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((x) => x.id));
      if (!res.body.nextCursor) break;
      path = `/api/v1/audit?caseId=${caseId}&limit=2&cursor=${res.body.nextCursor}`;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('records each read of the trail as audit.read, with the auditor and the request id', async () => {
    const requestId = randomUUID();
    expect((await get(`/api/v1/audit?caseId=${caseId}`, { 'x-request-id': requestId })).status).toBe(200);
    const rows = await db.query(
      `SELECT actor_id::text, actor_roles, organization_id::text, entity_type, entity_id FROM audit_events
        WHERE action = 'audit.read' AND request_id = $1`,
      [requestId],
    );
    expect(rows).toEqual([
      {
        actor_id: auditor.id,
        actor_roles: ['auditor'],
        organization_id: auditor.organizationId,
        entity_type: 'case',
        entity_id: caseId,
      },
    ]);
    const reads = await get(`/api/v1/audit?actorId=${auditor.id}`);
    expect(reads.body.items.some((i) => i.action === 'audit.read' && i.requestId === requestId)).toBe(true);
  });

  it('shows rows as sealed once the sealer has run, and the chain verifies', async () => {
    await api.app.get(AuditSealer).sealNow();
    const res = await get(`/api/v1/audit?caseId=${caseId}`);
    expect(res.body.items.every((i) => i.sealed)).toBe(true);
    const v = await get<{ ok: boolean; checked: number; unsealed: number }>('/api/v1/audit/verify');
    expect(v.status).toBe(200);
    expect(v.body.ok).toBe(true);
    expect(v.body.checked).toBeGreaterThanOrEqual(5);
  });

  it.each([
    ['actorId=not-a-uuid', 'actorId'],
    ['caseId=123', 'caseId'],
    ['from=2026-03-01', 'from'],
    ['from=2026-02-30T00:00:00Z', 'from'],
    ['to=yesterday', 'to'],
    ['limit=101', 'limit'],
    ['limit=0', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=-5', 'cursor'],
    ['entityType=Case%20files', 'entityType'],
    ['colour=red', 'colour'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const res = await get<ErrorAnswer>(`/api/v1/audit?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toContain(field);
    expect(res.body.details?.map((d) => d.field)).toEqual([field]);
  });

  it('refuses an entityId without entityType, and a period that ends before it begins, naming the field', async () => {
    const a = await get<ErrorAnswer>(`/api/v1/audit?entityId=${caseId}`);
    expect(a.status).toBe(400);
    expect(a.body.code).toBe('AUDIT_ENTITY_TYPE_REQUIRED');
    expect(a.body.message).toContain('entityType');
    const b = await get<ErrorAnswer>(
      `/api/v1/audit?from=${encodeURIComponent('2026-03-02T00:00:00+07:00')}&to=${encodeURIComponent('2026-03-01T00:00:00+07:00')}`,
    );
    expect(b.status).toBe(400);
    expect(b.body.code).toBe('AUDIT_PERIOD_INVALID');
    expect(b.body.details?.map((d) => d.field)).toEqual(['to']);
  });

  it('answers in Vietnamese by default', async () => {
    const res = await get<ErrorAnswer>(`/api/v1/audit?entityId=${caseId}`);
    expect(res.body.message).toContain('vui lòng');
  });

  it('finds a row changed behind the trigger through GET /audit/verify, naming it', async () => {
    const [victim] = await db.query<{ id: string; outcome: string }>(
      `SELECT id::text AS id, outcome FROM audit_events WHERE request_id = 'req-e2e-break-glass'`,
    );
    await db.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
    await db.query(`UPDATE audit_events SET outcome = 'denied' WHERE id = $1`, [victim!.id]);
    await db.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
    const v = await get<{ ok: boolean; firstBadId?: string; fault?: string }>('/api/v1/audit/verify');
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ ok: false, firstBadId: victim!.id, fault: 'hash_mismatch' });
    const [recorded] = await db.query(
      `SELECT actor_id::text, entity_type, entity_id, reason_code FROM audit_events
        WHERE action = 'audit.verify' ORDER BY audit_events.id DESC LIMIT 1`,
    );
    expect(recorded).toEqual({
      actor_id: auditor.id,
      entity_type: 'audit_event',
      entity_id: victim!.id,
      reason_code: 'hash_mismatch',
    });
  });

  it('never writes the reason text or the query string to the log', () => {
    const logs = api.logs();
    expect(logs).toContain('/api/v1/audit');
    expect(logs).not.toContain('Hoa');
    expect(logs).not.toContain(caseId);
  });
});
