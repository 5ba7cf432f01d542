import { RunningApi, startApi, testEnv } from '../support/app';
import {
  call,
  createOrganization,
  createUser,
  MANY_SIGN_INS,
  TestOrganization,
  TestUser,
  tokenCache,
} from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { intakePayload } from '../factories/cases';

interface Items<T> {
  items: T[];
}
interface Consent {
  id: string;
  purpose: string;
  givenBy: string;
  method: string;
  sharedFields: string[];
  recordedBy: string;
  recordedByName: string | null;
  withdrawnAt: string | null;
  withdrawnReason?: string;
}
interface Risk {
  level: string;
  score: number;
  assessedBy: string;
  assessedByName: string | null;
}
interface Move {
  from: string | null;
  to: string;
  byId: string | null;
  byName: string | null;
  reasonCode: string | null;
}
interface FollowUp {
  id: string;
  kind: string;
  status: string;
  assigneeId: string | null;
  assigneeName: string | null;
  completedAt: string | null;
  outcome: string | null;
}

const MINIMUM = intakePayload();
const REASON_TEXT = 'Đã ổn định, chuyển về quê';

/**
 * The counsellor's screens read the file's histories from the API (issue 14): every consent (withdrawn
 * ones too), the risk assessments, the workflow transitions, the case's follow-ups, and a pending closure
 * in the file read. Each is decided as the file read (404 to whoever may not read it) and audited.
 */
describe('the case file histories: consents, risk, status, follow-ups, closure pending', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let orgA: TestOrganization;
  let counsellor: TestUser;
  let counsellor2: TestUser;
  let supervisor: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    orgA = await createOrganization(db, { name: 'Trung tâm lịch sử hồ sơ' });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    counsellor2 = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: orgA.id });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const req = async <T>(user: TestUser, method: string, path: string, body?: unknown) =>
    call<T & { code?: string }>(api, method, path, { token: await tokenOf(user), body });
  const openAssigned = async (): Promise<string> => {
    const c = await req<{ id: string }>(supervisor, 'POST', '/api/v1/cases', MINIMUM);
    expect(c.status).toBe(201);
    const a = await req(supervisor, 'POST', `/api/v1/cases/${c.body.id}/assignment`, {
      assigneeId: counsellor.id,
    });
    expect(a.status).toBe(200);
    return c.body.id;
  };
  const audited = async (caseId: string, action: string) =>
    db.query(`SELECT 1 FROM audit_events WHERE case_id = $1 AND action = $2`, [caseId, action]);

  it('lists every consent newest first, the withdrawn one with its reason decrypted; audited', async () => {
    const id = await openAssigned();
    const consent = (purpose: string) =>
      req<{ id: string }>(counsellor, 'POST', `/api/v1/cases/${id}/consents`, {
        purpose,
        method: 'verbal',
        givenBy: 'survivor',
        sharedFields: ['riskLevel'],
      });
    const first = await consent('referral');
    expect(first.status).toBe(201);
    const second = await consent('case_management');
    expect(second.status).toBe(201);
    const w = await req(counsellor, 'POST', `/api/v1/cases/${id}/consents/${first.body.id}/withdraw`, {
      reasonText: 'Không muốn chia sẻ nữa',
    });
    expect(w.status).toBe(200);

    const res = await req<Items<Consent>>(counsellor, 'GET', `/api/v1/cases/${id}/consents`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((c) => c.id)).toEqual([second.body.id, first.body.id]);
    expect(res.body.items[0]).toMatchObject({
      purpose: 'case_management',
      withdrawnAt: null,
      recordedBy: counsellor.id,
      recordedByName: counsellor.displayName,
    });
    expect(res.body.items[0]).not.toHaveProperty('withdrawnReason');
    expect(res.body.items[1]).toMatchObject({
      purpose: 'referral',
      sharedFields: ['riskLevel'],
      withdrawnReason: 'Không muốn chia sẻ nữa',
    });
    expect(typeof res.body.items[1]!.withdrawnAt).toBe('string');
    expect(await audited(id, 'case.consents_read')).toHaveLength(1);

    // Decided as the file read: a counsellor the case is not assigned to sees nothing (404).
    const other = await req(counsellor2, 'GET', `/api/v1/cases/${id}/consents`);
    expect(other.status).toBe(404);
    expect(await audited(id, 'case.consents_read')).toHaveLength(1);
  });

  it('lists the risk assessments newest first with who assessed; audited', async () => {
    const id = await openAssigned();
    const low = await req(counsellor, 'POST', `/api/v1/cases/${id}/risk-assessments`, {
      answers: { threats_to_kill: false },
    });
    expect(low.status).toBe(201);
    const high = await req<{ level: string; score: number }>(
      counsellor,
      'POST',
      `/api/v1/cases/${id}/risk-assessments`,
      { answers: { threats_to_kill: true } },
    );
    expect(high.status).toBe(201);
    const res = await req<Items<Risk>>(counsellor, 'GET', `/api/v1/cases/${id}/risk-assessments`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0]).toMatchObject({
      level: high.body.level,
      score: high.body.score,
      assessedBy: counsellor.id,
      assessedByName: counsellor.displayName,
    });
    expect(await audited(id, 'case.risk_assessments_read')).toHaveLength(1);
    expect((await req(counsellor2, 'GET', `/api/v1/cases/${id}/risk-assessments`)).status).toBe(404);
  });

  it('shows a pending closure in the file read, and the transitions without their free text', async () => {
    const id = await openAssigned();
    const path = `/api/v1/cases/${id}`;
    const before = await req<{ closurePending: unknown }>(counsellor, 'GET', path);
    expect(before.status).toBe(200);
    expect(before.body.closurePending).toBeNull();

    expect((await req(counsellor, 'POST', `${path}/transitions`, { to: 'assessment' })).status).toBe(200);
    const asked = await req(counsellor, 'POST', `${path}/transitions`, {
      to: 'closed',
      reasonCode: 'goals_met',
      reasonText: REASON_TEXT,
    });
    expect(asked.status).toBe(200);
    const file = await req<{ closurePending: { requestedAt: string; reasonCode: string } | null }>(
      counsellor,
      'GET',
      path,
    );
    expect(file.body.closurePending).toMatchObject({ reasonCode: 'goals_met' });
    expect(typeof file.body.closurePending?.requestedAt).toBe('string');

    const rejected = await req(supervisor, 'POST', `${path}/closure/reject`, { reasonText: 'chưa xong' });
    expect(rejected.status).toBe(200);
    expect((await req<{ closurePending: unknown }>(counsellor, 'GET', path)).body.closurePending).toBeNull();

    const history = await req<Items<Move>>(counsellor, 'GET', `${path}/status-history`);
    expect(history.status).toBe(200);
    expect(history.body.items[history.body.items.length - 1]).toMatchObject({ to: 'intake' });
    expect(history.body.items).toContainEqual(
      expect.objectContaining({
        from: 'intake',
        to: 'assessment',
        byId: counsellor.id,
        byName: counsellor.displayName,
      }),
    );
    expect(JSON.stringify(history.body)).not.toContain(REASON_TEXT);
    expect(await audited(id, 'case.status_history_read')).toHaveLength(1);
    expect((await req(counsellor2, 'GET', `${path}/status-history`)).status).toBe(404);
  });

  it('lists the case’s follow-ups, open first, done ones with their outcome; audited', async () => {
    const id = await openAssigned();
    const add = (hours: number) =>
      req<{ id: string }>(counsellor, 'POST', `/api/v1/cases/${id}/follow-ups`, {
        kind: 'call_back',
        dueAt: new Date(Date.now() + hours * 3_600_000).toISOString(),
      });
    const later = await add(48);
    const sooner = await add(2);
    const done = await add(1);
    expect([later.status, sooner.status, done.status]).toEqual([201, 201, 201]);
    const completed = await req(counsellor, 'POST', `/api/v1/follow-ups/${done.body.id}/complete`, {
      outcome: 'reached',
    });
    expect(completed.status).toBe(200);

    const res = await req<Items<FollowUp>>(counsellor, 'GET', `/api/v1/cases/${id}/follow-ups`);
    expect(res.status).toBe(200);
    const mine = res.body.items.filter((f) => [later, sooner, done].some((x) => x.body.id === f.id));
    expect(mine.map((f) => f.id)).toEqual([sooner.body.id, later.body.id, done.body.id]);
    expect(mine[0]).toMatchObject({
      kind: 'call_back',
      status: 'open',
      assigneeId: counsellor.id,
      assigneeName: counsellor.displayName,
      completedAt: null,
      outcome: null,
    });
    expect(mine[2]).toMatchObject({ status: 'done', outcome: 'reached' });
    expect(typeof mine[2]!.completedAt).toBe('string');
    expect(await audited(id, 'case.follow_ups_read')).toHaveLength(1);
    expect((await req(counsellor2, 'GET', `/api/v1/cases/${id}/follow-ups`)).status).toBe(404);
  });

  it('gives each worklist row its case’s risk level and safe contact, audited once per case shown', async () => {
    const worker = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    const open = async (safeContact: Record<string, unknown>) => {
      const c = await req<{ id: string }>(supervisor, 'POST', '/api/v1/cases', {
        ...MINIMUM,
        survivor: { sex: 'female', safeContact },
        risk: { answers: { threats_to_kill: true } },
      });
      expect(c.status).toBe(201);
      await req(supervisor, 'POST', `/api/v1/cases/${c.body.id}/assignment`, { assigneeId: worker.id });
      return c.body.id;
    };
    const withCode = await open({ canCall: true, canText: false, codeWord: 'hoa sen', safeTimes: 'sáng' });
    const bare = await open({});
    for (const [caseId, hours] of [
      [withCode, 2],
      [withCode, 3],
      [bare, 4],
    ] as const) {
      const f = await req(worker, 'POST', `/api/v1/cases/${caseId}/follow-ups`, {
        kind: 'call_back',
        dueAt: new Date(Date.now() + hours * 3_600_000).toISOString(),
      });
      expect(f.status).toBe(201);
    }
    const [risk] = await db.query<{ risk_level: string }>(`SELECT risk_level FROM cases WHERE id = $1`, [
      withCode,
    ]);
    const list = await req<{
      items: { caseId: string; riskLevel: string | null; safeContact: Record<string, unknown> | null }[];
    }>(worker, 'GET', '/api/v1/follow-ups?scope=mine&due=week');
    expect(list.status).toBe(200);
    const rows = list.body.items.filter((i) => i.caseId === withCode || i.caseId === bare);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      riskLevel: risk!.risk_level,
      safeContact: { canCall: true, canText: false, codeWord: 'hoa sen', safeTimes: 'sáng' },
    });
    expect(rows[2]!.safeContact).toMatchObject({ canCall: null, codeWord: null });
    // One audit row per case shown, not per row; none names the code word.
    expect(await audited(withCode, 'follow_up.worklist_read')).toHaveLength(1);
    expect(await audited(bare, 'follow_up.worklist_read')).toHaveLength(1);
    const text = await db.query(`SELECT 1 FROM audit_events WHERE audit_events::text LIKE '%hoa sen%'`);
    expect(text).toHaveLength(0);
  });
});
