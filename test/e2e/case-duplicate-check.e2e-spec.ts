import { startApi, RunningApi, testEnv } from '../support/app';
import { call, createOrganization, createUser, MANY_SIGN_INS, TestUser, tokenCache } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { intakePayload } from '../factories/cases';

interface Matches {
  matches: { caseId?: string; reference: string; status: string }[];
  code?: string;
}

const PHONE = '0977 123 456';
const NATIONAL_ID = '001190077665';

describe('POST /api/v1/cases/duplicate-check: earlier cases by phone or national ID, during a call', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let operator: TestUser;
  let operator2: TestUser;
  let operatorB: TestUser;
  let reference: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    const orgA = await createOrganization(db, { name: 'Trung tâm trùng A' });
    const orgB = await createOrganization(db, { name: 'Trung tâm trùng B' });
    operator = await createUser(db, { roles: ['hotline_operator'], organizationId: orgA.id });
    operator2 = await createUser(db, { roles: ['hotline_operator'], organizationId: orgA.id });
    operatorB = await createUser(db, { roles: ['hotline_operator'], organizationId: orgB.id });
    const created = await call<{ reference: string }>(api, 'POST', '/api/v1/cases', {
      token: await tokenOf(operator),
      body: intakePayload({ survivor: { phones: [PHONE], nationalId: NATIONAL_ID } }),
    });
    expect(created.status).toBe(201);
    reference = created.body.reference;
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const check = async (user: TestUser, body: unknown) =>
    call<Matches>(api, 'POST', '/api/v1/cases/duplicate-check', { token: await tokenOf(user), body });
  const auditRows = async (actorId: string) =>
    db.query<{ reason_code: string; entity_id: string | null; case_id: string | null }>(
      `SELECT reason_code, entity_id, case_id FROM audit_events
        WHERE action = 'case.duplicate_check' AND actor_id = $1 ORDER BY id`,
      [actorId],
    );

  it('finds the case by phone typed in another format, for another operator of the organisation', async () => {
    const res = await check(operator2, { phone: '+84977123456' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ matches: [{ reference, status: 'intake' }] });
  });

  it('finds it by national ID; both values checked at once give one audit row each', async () => {
    const before = (await auditRows(operator.id)).length;
    const res = await check(operator, { nationalId: '001 190 077 665', phone: '0977123456' });
    expect(res.status).toBe(200);
    expect(res.body.matches).toEqual([{ reference, status: 'intake' }]);
    const rows = (await auditRows(operator.id)).slice(before);
    expect(rows.map((r) => r.reason_code).sort()).toEqual([
      'national_id:matches_found',
      'phone:matches_found',
    ]);
  });

  it("finds nothing of another organisation's case, and audits that nothing was found", async () => {
    const res = await check(operatorB, { phone: PHONE });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ matches: [] });
    expect((await auditRows(operatorB.id)).map((r) => r.reason_code)).toEqual(['phone:no_match']);
  });

  it('no value in the clear in the audit trail', async () => {
    const rows = await db.query(`SELECT * FROM audit_events WHERE action = 'case.duplicate_check'`);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const text = JSON.stringify(rows);
    for (const v of ['977123456', '0977', '001190077665', '077665']) expect(text).not.toContain(v);
  });

  it('400 on an invalid phone or ID, and on an empty body; nothing audited', async () => {
    const before = (await auditRows(operator.id)).length;
    const bad = await check(operator, { phone: '12' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('PHONE_INVALID');
    expect((await check(operator, { nationalId: '12345' })).status).toBe(400);
    const empty = await check(operator, {});
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('CASE_DUPLICATE_CHECK_EMPTY');
    expect((await auditRows(operator.id)).length).toBe(before);
  });

  describe("GET /api/v1/cases?createdBy=me&since=…: the operator's own cases of the last 24 hours", () => {
    const list = async (user: TestUser, query: string) =>
      call<{ items: { reference: string }[]; code?: string }>(api, 'GET', `/api/v1/cases?${query}`, {
        token: await tokenOf(user),
      });
    const dayAgo = () => new Date(Date.now() - 24 * 3600_000).toISOString();

    it('lists the cases the caller opened since the time given, narrowing what the access rule allows', async () => {
      const supervisor = await createUser(db, {
        roles: ['supervisor'],
        organizationId: operator.organizationId,
      });
      const all = await list(supervisor, '');
      expect(all.body.items.map((c) => c.reference)).toContain(reference);
      expect((await list(supervisor, `createdBy=me&since=${dayAgo()}`)).body.items).toEqual([]);
      const own = await list(operator, `createdBy=me&since=${encodeURIComponent(dayAgo())}`);
      expect(own.status).toBe(200);
      expect(own.body.items.map((c) => c.reference)).toEqual([reference]);
      expect((await list(operator2, `createdBy=me&since=${dayAgo()}`)).body.items).toEqual([]);
      const later = new Date(Date.now() + 3600_000).toISOString();
      expect((await list(operator, `createdBy=me&since=${later}`)).body.items).toEqual([]);
    });

    it('400 on a createdBy other than me or a since that is not a date-time', async () => {
      expect((await list(operator, 'createdBy=someone')).status).toBe(400);
      expect((await list(operator, 'since=yesterday')).status).toBe(400);
    });
  });
  it('bounds each user to CASE_DUPLICATE_CHECKS_PER_MINUTE checks a minute: one more is 429 with Retry-After', async () => {
    const limited = await startApi(
      testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none', CASE_DUPLICATE_CHECKS_PER_MINUTE: '3' }),
    );
    try {
      const limitedToken = tokenCache(limited);
      const org = await createOrganization(db, { name: 'Trung tâm trùng giới hạn' });
      const walker = await createUser(db, { roles: ['hotline_operator'], organizationId: org.id });
      const other = await createUser(db, { roles: ['hotline_operator'], organizationId: org.id });
      const post = async (user: TestUser, phone: string) =>
        fetch(`${limited.url}/api/v1/cases/duplicate-check`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await limitedToken(user)}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ phone }),
        });
      for (const phone of ['0977000001', '0977000002', '0977000003']) {
        expect((await post(walker, phone)).status).toBe(200);
      }
      const refused = await post(walker, '0977000004');
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { code: string }).code).toBe('CASE_DUPLICATE_CHECK_LIMIT');
      const after = Number(refused.headers.get('retry-after'));
      expect(after).toBeGreaterThanOrEqual(1);
      expect(after).toBeLessThanOrEqual(60);
      // The refused check looked nothing up: three audit rows, not four. Another user is not held back.
      expect(await auditRows(walker.id)).toHaveLength(3);
      expect((await post(other, '0977000004')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
