import { execFileSync } from 'node:child_process';
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
import type { ErrorBody } from '../support/error-body';
import { intakePayload } from '../factories/cases';

interface PlanState {
  status: string;
  riskLevel: string | null;
  assessedAt: string | null;
  reviewedAt: string | null;
}
interface PlanAnswer {
  safetyPlan: PlanState;
  plan: null | {
    version: number;
    warningSigns: string;
    safePlaces: string;
    trustedPeople: { name: string; relationship: string; howToReach: string }[];
    leavingItems: string[];
    leavingOther: string;
    emergencyNumbers: { label: string; number: string }[];
    steps: string;
    reviewedBy: string;
    reviewedAt: string;
  };
  safeContact: { codeWord?: string; safeTimes?: string; canCall?: boolean };
}
interface HistoryEntry {
  kind: 'version' | 'review';
  version: number;
  byId: string;
  source?: string;
  content?: { steps: string };
}
interface Incident {
  id: string;
  version: number;
  placeType?: string;
  violenceTypes: string[];
}

const SUFFIX = Math.random().toString(36).slice(2, 8).replace(/\d/g, 'q');
const MARK = {
  trusted: `mkrtrustedperson${SUFFIX}`,
  reach: `mkrreachvia${SUFFIX}`,
  steps: `mkrstepsagreed${SUFFIX}`,
  warning: `mkrwarningsign${SUFFIX}`,
  places: `mkrsafeplace${SUFFIX}`,
};
const CODE_WORD = 'Hoa sen trắng';
const HIGH = { threats_to_kill: true, weapon_access: true };

const planBody = (version: number, steps = `Gọi 113 khi nghe tiếng đập cửa ${MARK.steps}`) => ({
  version,
  warningSigns: `Anh ta uống rượu và đập phá ${MARK.warning}`,
  safePlaces: `Nhà chị gái ở Đống Đa ${MARK.places}`,
  trustedPeople: [
    { name: `Chị Lan ${MARK.trusted}`, relationship: 'chị gái', howToReach: `Zalo ${MARK.reach}` },
  ],
  leavingItems: ['identity_documents', 'medicine', 'children_things'],
  leavingOther: 'Sổ tiết kiệm',
  emergencyNumbers: [
    { label: 'Công an', number: '113' },
    { label: 'Cấp cứu', number: '115' },
  ],
  steps,
});

/**
 * The structured safety plan (issue 15, item 3) and the incident's correction (item 5): saved with the
 * plan's version, its status on the file (needed on high risk, review due on every re-assessment,
 * current after a review), the code word read from the survivor, the follow-up's free text kept working,
 * markers that reach neither a log line nor pg_dump, the correction's version and audit row.
 */
describe('the safety plan and the incident correction', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let org: TestOrganization;
  let counsellor: TestUser;
  let supervisor: TestUser;
  let provider: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    org = await createOrganization(db, { name: 'Trung tâm kế hoạch an toàn' });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: org.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: org.id });
    provider = await createUser(db, { roles: ['provider_staff'], organizationId: org.id });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const req = async <T>(user: TestUser, method: string, path: string, body?: unknown, key?: string) =>
    call<T & ErrorBody>(api, method, path, {
      token: await tokenOf(user),
      body,
      ...(key ? { headers: { 'Idempotency-Key': key } } : {}),
    });
  const openAssigned = async (risk?: Record<string, boolean>): Promise<string> => {
    const c = await req<{ id: string }>(
      supervisor,
      'POST',
      '/api/v1/cases',
      intakePayload({
        survivor: { sex: 'female', safeContact: { codeWord: CODE_WORD, canCall: false } },
        ...(risk ? { risk: { answers: risk } } : {}),
      }),
    );
    expect(c.status).toBe(201);
    const a = await req(supervisor, 'POST', `/api/v1/cases/${c.body.id}/assignment`, {
      assigneeId: counsellor.id,
    });
    expect(a.status).toBe(200);
    return c.body.id;
  };
  const plan = (id: string) => req<PlanAnswer>(counsellor, 'GET', `/api/v1/cases/${id}/safety-plan`);

  it('a high-risk case without a plan shows it needed; the plan saves, reads back and conflicts when stale', async () => {
    const id = await openAssigned(HIGH);
    const before = await plan(id);
    expect(before.status).toBe(200);
    expect(before.body.safetyPlan).toMatchObject({ status: 'needed', riskLevel: 'high' });
    expect(before.body.plan).toBeNull();
    expect(before.body.safeContact).toMatchObject({ codeWord: CODE_WORD, canCall: false });
    const file = await req<{ safetyPlan: PlanState }>(counsellor, 'GET', `/api/v1/cases/${id}`);
    expect(file.body.safetyPlan.status).toBe('needed');

    const saved = await req<PlanAnswer>(
      counsellor,
      'PUT',
      `/api/v1/cases/${id}/safety-plan`,
      planBody(0),
      `sp-${id}`,
    );
    expect(saved.status).toBe(200);
    expect(saved.body.safetyPlan.status).toBe('current');
    expect(saved.body.plan).toMatchObject({
      version: 1,
      trustedPeople: [
        { name: `Chị Lan ${MARK.trusted}`, relationship: 'chị gái', howToReach: `Zalo ${MARK.reach}` },
      ],
      leavingItems: ['identity_documents', 'medicine', 'children_things'],
      emergencyNumbers: [
        { label: 'Công an', number: '113' },
        { label: 'Cấp cứu', number: '115' },
      ],
    });
    // The code word is read from the survivor, never copied into the plan.
    expect(JSON.stringify(saved.body.plan)).not.toContain(CODE_WORD);
    // The same Idempotency-Key replays the first answer; no second version.
    const replay = await req<PlanAnswer>(
      counsellor,
      'PUT',
      `/api/v1/cases/${id}/safety-plan`,
      planBody(0),
      `sp-${id}`,
    );
    expect(replay.status).toBe(200);
    expect(replay.body.plan?.version).toBe(1);

    const stale = await req(counsellor, 'PUT', `/api/v1/cases/${id}/safety-plan`, planBody(0, 'Khác'));
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const second = await req<PlanAnswer>(
      counsellor,
      'PUT',
      `/api/v1/cases/${id}/safety-plan`,
      planBody(1, 'Bước mới'),
    );
    expect(second.status).toBe(200);
    expect(second.body.plan).toMatchObject({ version: 2, steps: 'Bước mới' });
    const read = await plan(id);
    expect(read.body.plan?.steps).toBe('Bước mới');
    expect(read.body.plan?.warningSigns).toContain(MARK.warning);

    const bad = await req(counsellor, 'PUT', `/api/v1/cases/${id}/safety-plan`, {
      ...planBody(2),
      leavingItems: ['a_rocket'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('UNKNOWN_CATALOGUE_KEY');
  });

  it('every re-assessment makes the plan due for review; a review (unchanged) is recorded with who and when', async () => {
    const id = await openAssigned(HIGH);
    expect((await req(counsellor, 'PUT', `/api/v1/cases/${id}/safety-plan`, planBody(0))).status).toBe(200);
    const none = await req(counsellor, 'POST', `/api/v1/cases/${id}/risk-assessments`, { answers: {} });
    expect(none.status).toBe(201);
    expect((await plan(id)).body.safetyPlan).toMatchObject({ status: 'review_due', riskLevel: 'low' });
    const file = await req<{ safetyPlan: PlanState }>(counsellor, 'GET', `/api/v1/cases/${id}`);
    expect(file.body.safetyPlan.status).toBe('review_due');

    const reviewed = await req<PlanAnswer>(supervisor, 'POST', `/api/v1/cases/${id}/safety-plan/review`);
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.safetyPlan.status).toBe('current');
    expect(reviewed.body.plan).toMatchObject({ version: 1, reviewedBy: supervisor.id });

    const history = await req<{ items: HistoryEntry[] }>(
      counsellor,
      'GET',
      `/api/v1/cases/${id}/safety-plan/history`,
    );
    expect(history.status).toBe(200);
    expect(history.body.items.map((i) => [i.kind, i.version, i.byId])).toEqual([
      ['review', 1, supervisor.id],
      ['version', 1, counsellor.id],
    ]);
    expect(history.body.items[1]?.content?.steps).toContain(MARK.steps);
    const audit = await db.query<{ action: string; reason_code: string | null }>(
      `SELECT action, reason_code FROM audit_events WHERE case_id = $1 AND action LIKE 'case.safety_plan%' `,
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'case.safety_plan_saved',
        'case.safety_plan_reviewed',
        'case.safety_plan_history_read',
      ]),
    );

    const noPlan = await openAssigned();
    expect((await plan(noPlan)).body.safetyPlan.status).toBe('not_needed');
    const nothing = await req(counsellor, 'POST', `/api/v1/cases/${noPlan}/safety-plan/review`);
    expect(nothing.status).toBe(409);
    expect(nothing.body.code).toBe('SAFETY_PLAN_NONE');
  });

  it("a safety-plan follow-up's free text (today's contract) starts the plan; the next one reviews it", async () => {
    const id = await openAssigned(HIGH);
    const open = async () => {
      const f = await req<{ id: string }>(counsellor, 'POST', `/api/v1/cases/${id}/follow-ups`, {
        kind: 'safety_plan',
        dueAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
      expect(f.status).toBe(201);
      return f.body.id;
    };
    const first = await open();
    const done = await req(counsellor, 'POST', `/api/v1/follow-ups/${first}/complete`, {
      outcome: 'done',
      note: 'Đã thống nhất: sang nhà hàng xóm khi có chuyện',
    });
    expect(done.status).toBe(200);
    const started = await plan(id);
    expect(started.body.plan).toMatchObject({
      version: 1,
      steps: 'Đã thống nhất: sang nhà hàng xóm khi có chuyện',
    });
    expect(started.body.safetyPlan.status).toBe('current');
    const second = await open();
    expect(
      (await req(counsellor, 'POST', `/api/v1/follow-ups/${second}/complete`, { outcome: 'done' })).status,
    ).toBe(200);
    const history = await req<{ items: HistoryEntry[] }>(
      counsellor,
      'GET',
      `/api/v1/cases/${id}/safety-plan/history`,
    );
    expect(history.body.items[0]).toMatchObject({ kind: 'review', source: 'follow_up', version: 1 });
  });

  it('denies a provider and a counsellor the case is not assigned to (404)', async () => {
    const id = await openAssigned(HIGH);
    const other = await createUser(db, { roles: ['counsellor'], organizationId: org.id });
    for (const user of [provider, other]) {
      expect((await req(user, 'GET', `/api/v1/cases/${id}/safety-plan`)).status).toBe(404);
      expect((await req(user, 'PUT', `/api/v1/cases/${id}/safety-plan`, planBody(0))).status).toBe(404);
      expect((await req(user, 'GET', `/api/v1/cases/${id}/safety-plan/history`)).status).toBe(404);
    }
  });

  it('corrects an incident with its version (409 when stale), checked as at intake, audited by field names', async () => {
    const id = await openAssigned();
    const list = await req<Incident[]>(counsellor, 'GET', `/api/v1/cases/${id}/incidents`);
    const incident = list.body[0]!;
    expect(incident.version).toBe(1);
    const caseBefore = await req<{ version: number }>(counsellor, 'GET', `/api/v1/cases/${id}`);
    const path = `/api/v1/cases/${id}/incidents/${incident.id}`;
    const ok = await req<{ version: number; caseVersion: number; context: string[] }>(
      counsellor,
      'PATCH',
      path,
      {
        version: 1,
        placeType: 'home',
        violenceTypes: ['physical_assault', 'psychological_abuse'],
      },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
    expect(ok.body.caseVersion).toBe(caseBefore.body.version + 1);
    const after = await req<Incident[]>(counsellor, 'GET', `/api/v1/cases/${id}/incidents`);
    expect(after.body[0]).toMatchObject({
      placeType: 'home',
      violenceTypes: ['physical_assault', 'psychological_abuse'],
    });

    const stale = await req(counsellor, 'PATCH', path, { version: 1, placeType: 'workplace' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const badKey = await req(counsellor, 'PATCH', path, { version: 2, violenceTypes: ['not_a_type'] });
    expect(badKey.status).toBe(400);
    const future = await req(counsellor, 'PATCH', path, { version: 2, occurredOn: '2099-01' });
    expect(future.status).toBe(400);
    const unknown = await req(counsellor, 'PATCH', `/api/v1/cases/${id}/incidents/${id}`, { version: 2 });
    expect(unknown.status).toBe(404);
    expect((await req(provider, 'PATCH', path, { version: 2, placeType: 'workplace' })).status).toBe(404);

    const audit = await db.query<{ entity_type: string; entity_id: string; reason_code: string }>(
      `SELECT entity_type, entity_id, reason_code FROM audit_events WHERE case_id = $1 AND action = 'case.incident_corrected'`,
      [id],
    );
    expect(audit).toEqual([
      { entity_type: 'incident', entity_id: incident.id, reason_code: 'fields:placeType,violenceTypes' },
    ]);
  });

  it('lists consents with whether they were withdrawn', async () => {
    const id = await openAssigned();
    const given = await req<{ id: string }>(counsellor, 'POST', `/api/v1/cases/${id}/consents`, {
      purpose: 'referral',
      method: 'verbal',
      givenBy: 'survivor',
    });
    await req(counsellor, 'POST', `/api/v1/cases/${id}/consents/${given.body.id}/withdraw`, {});
    const list = await req<{ items: { id: string; withdrawn: boolean; withdrawnAt: string | null }[] }>(
      counsellor,
      'GET',
      `/api/v1/cases/${id}/consents`,
    );
    expect(list.body.items.find((c) => c.id === given.body.id)).toMatchObject({ withdrawn: true });
  });

  it('the plan’s markers reach no log line and no pg_dump', () => {
    const logs = api.logs();
    const dump = execFileSync('pg_dump', ['--data-only', '--no-owner', '--dbname', db.url], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    for (const marker of Object.values(MARK)) {
      expect({ marker, inLogs: logs.includes(marker) }).toEqual({ marker, inLogs: false });
      expect({ marker, inDump: dump.includes(marker) }).toEqual({ marker, inDump: false });
    }
  });
});
