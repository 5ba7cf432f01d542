import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CaseMoveRegistry } from '../../src/modules/cases';
import { configDir } from '../../src/platform/config';
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

interface Action {
  id: string;
  service: string;
  performer: string;
  providerId: string | null;
  dueOn: string | null;
  status: string;
  dropReason: string | null;
  referralId: string | null;
  referralStatus: string | null;
  note: string | null;
  version: number;
}
interface Plan {
  id: string;
  caseId: string;
  versionNo: number;
  status: string;
  submittedBy: string | null;
  decidedBy: string | null;
  returnReason: string | null;
  reviewEveryDays: number | null;
  version: number;
  goals: { id: string; needsArea: string; text: string | null; actions: Action[] }[];
  progress: { done: number; total: number };
}
interface Current {
  approved: Plan | null;
  pending: Plan | null;
  approvalRequired: boolean;
}

/** Markers planted in the plan's free text: none may reach a log line or an audit row. */
const GOAL_MARK = 'Chị MARKERPLANGOAL được an toàn ở nhà mẹ đẻ';
const NOTE_MARK = 'Gặp ở quán MARKERPLANNOTE';
const DROP_MARK = 'Chị không muốn MARKERPLANDROP';
const RETURN_MARK = 'Thiếu mục tiêu MARKERPLANRETURN';
const DAY = 86_400_000;

describe('the case plan: versions, approval, actions, reviews', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let dir: string;
  let tokenOf: ReturnType<typeof tokenCache>;
  let centre: TestOrganization;
  let free: TestOrganization;
  let counsellor: TestUser;
  let supervisor: TestUser;
  let supervisor2: TestUser;
  let freeCounsellor: TestUser;
  let freeSupervisor: TestUser;
  let providerStaff: TestUser;
  let provider: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    // The shipped config, with psychosocial organisations' plans approved on submission.
    dir = mkdtempSync(join(tmpdir(), 'haven-plans-config-'));
    cpSync(configDir(), dir, { recursive: true });
    const file = join(dir, 'plans.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'byOrganizationType: {}',
        'byOrganizationType: { psychosocial: { approvalRequired: false, reviewEveryDays: 14 } }',
      ),
    );
    api = await startApi(
      testEnv(db.url, { ...MANY_SIGN_INS, HAVEN_CONFIG_DIR: dir, NOTIFY_EXTERNAL: 'none' }),
    );
    tokenOf = tokenCache(api);
    centre = await createOrganization(db, { name: 'Trung tâm kế hoạch', type: 'social_work_centre' });
    free = await createOrganization(db, { name: 'Tổ tâm lý', type: 'psychosocial' });
    const safeOrg = await createOrganization(db, { name: 'Nhà tạm lánh kế hoạch', type: 'safe_house' });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
    supervisor2 = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
    freeCounsellor = await createUser(db, { roles: ['counsellor'], organizationId: free.id });
    freeSupervisor = await createUser(db, { roles: ['supervisor'], organizationId: free.id });
    providerStaff = await createUser(db, { roles: ['provider_staff'], organizationId: safeOrg.id });
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, capacity,
                              accepting_referrals, created_by)
       VALUES ('Nhà tạm lánh Bình Minh', 'safe_house', $1, '01', '00004', $2, 5, true, $3) RETURNING id`,
      [safeOrg.id, ['shelter', 'psychological_counselling'], supervisor.id],
    );
    provider = row!.id;
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const req = async <T = Plan>(
    user: TestUser,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => call<T & ErrorBody>(api, method, path, { token: await tokenOf(user), body, headers });

  const openCase = async (
    by: TestUser = supervisor,
    assignee: TestUser = counsellor,
  ): Promise<{ id: string; reference: string }> => {
    const c = await req<{ id: string; reference: string }>(by, 'POST', '/api/v1/cases', intakePayload());
    expect(c.status).toBe(201);
    const a = await req(by, 'POST', `/api/v1/cases/${c.body.id}/assignment`, { assigneeId: assignee.id });
    expect(a.status).toBe(200);
    return c.body;
  };

  const goals = (extra: Record<string, unknown>[] = []) => [
    {
      needsArea: 'safety',
      text: GOAL_MARK,
      actions: [
        {
          service: 'shelter',
          performer: 'provider',
          providerId: provider,
          dueOn: '2026-12-20',
          note: NOTE_MARK,
        },
        { service: 'psychological_counselling', performer: 'counsellor', dueOn: '2026-12-15' },
        ...extra,
      ],
    },
    {
      needsArea: 'legal_justice',
      text: 'Được trợ giúp pháp lý',
      actions: [{ service: 'legal_aid', performer: 'survivor' }],
    },
  ];

  /** A draft written and submitted by `by`; the submitted plan. */
  const submitted = async (
    caseId: string,
    by: TestUser = counsellor,
    extra: Record<string, unknown>[] = [],
  ) => {
    const started = await req(by, 'POST', `/api/v1/cases/${caseId}/plan`);
    expect(started.status).toBe(201);
    const put = await req(by, 'PUT', `/api/v1/cases/${caseId}/plan/${started.body.id}`, {
      version: started.body.version,
      goals: goals(extra),
    });
    expect(put.status).toBe(200);
    const sub = await req(by, 'POST', `/api/v1/cases/${caseId}/plan/${put.body.id}/submit`, {
      version: put.body.version,
    });
    expect(sub.status).toBe(200);
    return sub.body;
  };

  it("a plan needs the supervisor's approval and its earlier version stays", async () => {
    const c = await openCase();
    const v1 = await submitted(c.id);
    expect(v1).toMatchObject({ versionNo: 1, status: 'submitted', submittedBy: counsellor.id });
    expect(v1.goals.map((g) => g.needsArea)).toEqual(['safety', 'legal_justice']);
    expect(v1.goals[0]!.actions.map((a) => a.performer)).toEqual(['provider', 'counsellor']);
    expect(v1.progress).toEqual({ done: 0, total: 3 });

    // The counsellor cannot approve (supervisors only); a submitted plan is not edited.
    expect(
      (await req(counsellor, 'POST', `/api/v1/cases/${c.id}/plan/${v1.id}/approve`, { version: v1.version }))
        .status,
    ).toBe(403);
    const edit = await req(counsellor, 'PUT', `/api/v1/cases/${c.id}/plan/${v1.id}`, {
      version: v1.version,
      goals: goals(),
    });
    expect(edit.status).toBe(422);
    expect(edit.body.code).toBe('PLAN_NOT_EDITABLE');

    const ok = await req(supervisor, 'POST', `/api/v1/cases/${c.id}/plan/${v1.id}/approve`, {
      version: v1.version,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', decidedBy: supervisor.id, reviewEveryDays: 30 });

    // A change: a new draft version copied from the approved one, which stays readable and current.
    const v2 = await req(counsellor, 'POST', `/api/v1/cases/${c.id}/plan`);
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ versionNo: 2, status: 'draft' });
    expect(v2.body.goals.map((g) => g.text)).toEqual([GOAL_MARK, 'Được trợ giúp pháp lý']);
    const again = await req(counsellor, 'POST', `/api/v1/cases/${c.id}/plan`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PLAN_DRAFT_EXISTS');
    const current = await req<Current>(counsellor, 'GET', `/api/v1/cases/${c.id}/plan`);
    expect(current.status).toBe(200);
    expect(current.body.approved).toMatchObject({ id: v1.id, status: 'approved' });
    expect(current.body.pending).toMatchObject({ id: v2.body.id, status: 'draft' });
    expect(current.body.approvalRequired).toBe(true);

    const changed = goals();
    changed[1]!.actions.push({ service: 'legal_aid', performer: 'counsellor' });
    const put = await req(counsellor, 'PUT', `/api/v1/cases/${c.id}/plan/${v2.body.id}`, {
      version: v2.body.version,
      goals: changed,
    });
    expect(put.status).toBe(200);
    const stale = await req(counsellor, 'PUT', `/api/v1/cases/${c.id}/plan/${v2.body.id}`, {
      version: v2.body.version,
      goals: changed,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const sub = await req(counsellor, 'POST', `/api/v1/cases/${c.id}/plan/${v2.body.id}/submit`, {
      version: put.body.version,
    });
    expect(sub.status).toBe(200);

    // Returned with a reason, edited again, resubmitted, approved.
    const back = await req(supervisor2, 'POST', `/api/v1/cases/${c.id}/plan/${v2.body.id}/return`, {
      version: sub.body.version,
      reason: RETURN_MARK,
    });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'returned', returnReason: RETURN_MARK });
    const fixed = await req(counsellor, 'PUT', `/api/v1/cases/${c.id}/plan/${v2.body.id}`, {
      version: back.body.version,
      goals: changed,
    });
    expect(fixed.body.status).toBe('draft');
    const resub = await req(counsellor, 'POST', `/api/v1/cases/${c.id}/plan/${v2.body.id}/submit`, {
      version: fixed.body.version,
    });
    const approved2 = await req(supervisor2, 'POST', `/api/v1/cases/${c.id}/plan/${v2.body.id}/approve`, {
      version: resub.body.version,
    });
    expect(approved2.status).toBe(200);
    expect(approved2.body.progress.total).toBe(4);

    const versions = await req<{ items: { id: string; versionNo: number; status: string }[] }>(
      counsellor,
      'GET',
      `/api/v1/cases/${c.id}/plan/versions`,
    );
    expect(versions.body.items.map((v) => [v.versionNo, v.status])).toEqual([
      [2, 'approved'],
      [1, 'superseded'],
    ]);
    const old = await req(counsellor, 'GET', `/api/v1/cases/${c.id}/plan/versions/${v1.id}`);
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({ versionNo: 1, status: 'superseded' });
    expect(old.body.goals[0]!.text).toBe(GOAL_MARK);
    expect(old.body.progress.total).toBe(3);
  });

  it('the submitter never decides on their own plan (four eyes); another supervisor does', async () => {
    const c = await openCase();
    const plan = await submitted(c.id, supervisor);
    for (const verb of ['approve', 'return']) {
      const self = await req(
        supervisor,
        'POST',
        `/api/v1/cases/${c.id}/plan/${plan.id}/${verb}`,
        verb === 'return' ? { version: plan.version, reason: 'Không' } : { version: plan.version },
      );
      expect(self.status).toBe(403);
      expect(self.body.code).toBe('PLAN_SELF_DECISION');
    }
    // The list of approvals: supervisor2 sees it (ids, reference, submitter; no text), the submitter too.
    const list = await req<{ items: Record<string, unknown>[] }>(
      supervisor2,
      'GET',
      '/api/v1/plan-approvals',
    );
    expect(list.status).toBe(200);
    const line = list.body.items.find((i) => i.planId === plan.id);
    expect(line).toMatchObject({
      caseId: c.id,
      reference: c.reference,
      submittedBy: supervisor.id,
      versionNo: 1,
    });
    expect(JSON.stringify(list.body)).not.toContain('MARKERPLAN');
    expect((await req(counsellor, 'GET', '/api/v1/plan-approvals')).status).toBe(403);
    expect(
      (await req<{ items: unknown[] }>(freeSupervisor, 'GET', '/api/v1/plan-approvals')).body.items,
    ).toEqual([]);

    const ok = await req(supervisor2, 'POST', `/api/v1/cases/${c.id}/plan/${plan.id}/approve`, {
      version: plan.version,
    });
    expect(ok.status).toBe(200);
    const after = await req<{ items: Record<string, unknown>[] }>(
      supervisor2,
      'GET',
      '/api/v1/plan-approvals',
    );
    expect(after.body.items.find((i) => i.planId === plan.id)).toBeUndefined();
  });

  it('an organisation whose plans need no approval: submitting approves (config/plans.yaml)', async () => {
    const c = await openCase(freeSupervisor, freeCounsellor);
    const plan = await submitted(c.id, freeCounsellor);
    expect(plan).toMatchObject({ status: 'approved', decidedBy: freeCounsellor.id, reviewEveryDays: 14 });
    const current = await req<Current>(freeCounsellor, 'GET', `/api/v1/cases/${c.id}/plan`);
    expect(current.body).toMatchObject({ approvalRequired: false, pending: null });
    const [review] = await db.query<{ due_at: Date }>(
      `SELECT due_at FROM follow_ups WHERE case_id = $1 AND kind = 'plan_review' AND status = 'open'`,
      [c.id],
    );
    expect(Math.round((review!.due_at.getTime() - Date.now()) / DAY)).toBe(14);
  });

  it('an action is updated on the approved plan without a new version; a drop needs its reason', async () => {
    const c = await openCase();
    const plan = await submitted(c.id);
    const approved = (
      await req(supervisor, 'POST', `/api/v1/cases/${c.id}/plan/${plan.id}/approve`, {
        version: plan.version,
      })
    ).body;
    const [first, second] = approved.goals[0]!.actions;
    const path = (a: Action) => `/api/v1/cases/${c.id}/plan/actions/${a.id}`;

    const done = await req<Action>(counsellor, 'PATCH', path(second!), {
      version: second!.version,
      status: 'done',
    });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    const noReason = await req<Action>(counsellor, 'PATCH', path(first!), {
      version: first!.version,
      status: 'dropped',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('PLAN_DROP_REASON_REQUIRED');
    const blank = await req<Action>(counsellor, 'PATCH', path(first!), {
      version: first!.version,
      status: 'dropped',
      dropReason: '  ',
    });
    expect(blank.status).toBe(400);
    const dropped = await req<Action>(counsellor, 'PATCH', path(first!), {
      version: first!.version,
      status: 'dropped',
      dropReason: DROP_MARK,
    });
    expect(dropped.status).toBe(200);
    expect(dropped.body).toMatchObject({ status: 'dropped', dropReason: DROP_MARK });

    const current = await req<Current>(counsellor, 'GET', `/api/v1/cases/${c.id}/plan`);
    expect(current.body.approved).toMatchObject({ id: plan.id, versionNo: 1, status: 'approved' });
    expect(current.body.approved!.progress).toEqual({ done: 1, total: 2 });
    expect(current.body.pending).toBeNull();
    const [audit] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'case_plan.action_updated' AND case_id = $1`,
      [c.id],
    );
    expect(audit!.n).toBe(2);
    // A draft without a reason for a dropped action is refused too, naming the field.
    const v2 = (await req(counsellor, 'POST', `/api/v1/cases/${c.id}/plan`)).body;
    const bad = await req(counsellor, 'PUT', `/api/v1/cases/${c.id}/plan/${v2.id}`, {
      version: v2.version,
      goals: [
        {
          needsArea: 'health',
          text: 'Khám',
          actions: [{ service: 'medical_care', performer: 'survivor', status: 'dropped' }],
        },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('PLAN_DROP_REASON_REQUIRED');
    expect(bad.body.message).toContain('goals[0].actions[0].dropReason');
  });

  it("an action linked to a referral of the case takes the referral's status", async () => {
    const c = await openCase();
    const other = await openCase();
    const consent = await req<{ id: string }>(counsellor, 'POST', `/api/v1/cases/${c.id}/consents`, {
      purpose: 'referral',
      method: 'verbal',
      givenBy: 'survivor',
      providerIds: [provider],
      sharedFields: [],
    });
    expect(consent.status).toBe(201);
    const referral = await req<{ id: string; status: string }>(
      counsellor,
      'POST',
      `/api/v1/cases/${c.id}/referrals`,
      {
        services: ['shelter'],
        urgency: 'urgent',
        providerId: provider,
      },
    );
    expect(referral.status).toBe(201);

    const started = (await req(counsellor, 'POST', `/api/v1/cases/${other.id}/plan`)).body;
    const foreign = await req(counsellor, 'PUT', `/api/v1/cases/${other.id}/plan/${started.id}`, {
      version: started.version,
      goals: [
        {
          needsArea: 'shelter',
          text: 'Chỗ ở',
          actions: [
            { service: 'shelter', performer: 'provider', providerId: provider, referralId: referral.body.id },
          ],
        },
      ],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe('PLAN_REFERRAL_INVALID');

    const plan = await submitted(c.id, counsellor, [
      { service: 'shelter', performer: 'provider', providerId: provider, referralId: referral.body.id },
    ]);
    const linked = plan.goals[0]!.actions[2]!;
    expect(linked).toMatchObject({ referralId: referral.body.id, referralStatus: 'sent', status: 'planned' });
    const approved = (
      await req(supervisor, 'POST', `/api/v1/cases/${c.id}/plan/${plan.id}/approve`, {
        version: plan.version,
      })
    ).body;
    const refused = await req<Action>(
      counsellor,
      'PATCH',
      `/api/v1/cases/${c.id}/plan/actions/${linked.id}`,
      {
        version: linked.version,
        status: 'done',
      },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('PLAN_ACTION_FOLLOWS_REFERRAL');

    // The provider's answers move the referral; the action follows (read through the referrals module).
    await db.query(`UPDATE referrals SET status = 'completed' WHERE id = $1`, [referral.body.id]);
    const current = await req<Current>(counsellor, 'GET', `/api/v1/cases/${c.id}/plan`);
    const action = current.body.approved!.goals[0]!.actions[2]!;
    expect(action).toMatchObject({ referralStatus: 'completed', status: 'done' });
    expect(current.body.approved!.progress).toEqual({ done: 1, total: 4 });
    expect(approved.id).toBe(plan.id);
  });

  it('approval plans a review follow-up on the cadence; the next one when it is done', async () => {
    const c = await openCase();
    const plan = await submitted(c.id);
    await req(supervisor, 'POST', `/api/v1/cases/${c.id}/plan/${plan.id}/approve`, { version: plan.version });
    const reviews = () =>
      db.query<{ id: string; due_at: Date; status: string; assignee_id: string | null }>(
        `SELECT id, due_at, status, assignee_id FROM follow_ups WHERE case_id = $1 AND kind = 'plan_review'
          ORDER BY created_at`,
        [c.id],
      );
    const [first] = await reviews();
    expect(first).toMatchObject({ status: 'open', assignee_id: counsellor.id });
    expect(Math.round((first!.due_at.getTime() - Date.now()) / DAY)).toBe(30);

    // A second version approved while the review is open keeps the one review.
    const v2 = (await req(counsellor, 'POST', `/api/v1/cases/${c.id}/plan`)).body;
    const sub = (
      await req(counsellor, 'POST', `/api/v1/cases/${c.id}/plan/${v2.id}/submit`, { version: v2.version })
    ).body;
    expect(
      (await req(supervisor, 'POST', `/api/v1/cases/${c.id}/plan/${v2.id}/approve`, { version: sub.version }))
        .status,
    ).toBe(200);
    expect(await reviews()).toHaveLength(1);

    const done = await req(counsellor, 'POST', `/api/v1/follow-ups/${first!.id}/complete`, {
      outcome: 'done',
    });
    expect(done.status).toBe(200);
    const after = await reviews();
    expect(after.map((r) => r.status)).toEqual(['done', 'open']);
    expect(Math.round((after[1]!.due_at.getTime() - Date.now()) / DAY)).toBe(30);
  });

  it('providers, other organisations and unassigned counsellors never see or change a plan', async () => {
    const c = await openCase();
    const plan = await submitted(c.id);
    const other = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
    for (const user of [providerStaff, freeSupervisor, other]) {
      expect((await req(user, 'GET', `/api/v1/cases/${c.id}/plan`)).status).toBe(404);
      expect((await req(user, 'GET', `/api/v1/cases/${c.id}/plan/versions/${plan.id}`)).status).toBe(404);
      expect(
        (await req(user, 'POST', `/api/v1/cases/${c.id}/plan/${plan.id}/approve`, { version: plan.version }))
          .status,
      ).toBe(404);
    }
    expect((await req(providerStaff, 'GET', '/api/v1/plan-approvals')).status).toBe(403);
    expect((await req(supervisor, 'GET', `/api/v1/cases/${c.id}/plan/versions/${randomUUID()}`)).status).toBe(
      404,
    );
  });

  it('a retried command with the same Idempotency-Key answers the first answer and writes nothing twice', async () => {
    const c = await openCase();
    const key = { 'Idempotency-Key': `plan-${randomUUID()}` };
    const a = await req(counsellor, 'POST', `/api/v1/cases/${c.id}/plan`, undefined, key);
    const b = await req(counsellor, 'POST', `/api/v1/cases/${c.id}/plan`, undefined, key);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).toBe(a.body.id);
    const put = await req(counsellor, 'PUT', `/api/v1/cases/${c.id}/plan/${a.body.id}`, {
      version: a.body.version,
      goals: goals(),
    });
    const sub = await req(counsellor, 'POST', `/api/v1/cases/${c.id}/plan/${a.body.id}/submit`, {
      version: put.body.version,
    });
    const approveKey = { 'Idempotency-Key': `approve-${randomUUID()}` };
    const body = { version: sub.body.version };
    const first = await req(
      supervisor,
      'POST',
      `/api/v1/cases/${c.id}/plan/${a.body.id}/approve`,
      body,
      approveKey,
    );
    const retry = await req(
      supervisor,
      'POST',
      `/api/v1/cases/${c.id}/plan/${a.body.id}/approve`,
      body,
      approveKey,
    );
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.body).toEqual(first.body);
    const [n] = await db.query<{ plans: number; approvals: number; reviews: number }>(
      `SELECT (SELECT count(*)::int FROM case_plans WHERE case_id = $1) AS plans,
              (SELECT count(*)::int FROM audit_events WHERE case_id = $1 AND action = 'case_plan.approved') AS approvals,
              (SELECT count(*)::int FROM follow_ups WHERE case_id = $1 AND kind = 'plan_review') AS reviews`,
      [c.id],
    );
    expect(n).toEqual({ plans: 1, approvals: 1, reviews: 1 });
  });

  it("a merge moves the merged case's plan versions to the surviving case; the undo gives them back", async () => {
    const surviving = await openCase();
    const merged = await openCase();
    const kept = await submitted(surviving.id);
    const moved = await submitted(merged.id);
    const registry = api.app.get(CaseMoveRegistry);
    const ds = api.app.get(DataSource);
    const merge = {
      mergeId: randomUUID(),
      mergedCaseId: merged.id,
      survivingCaseId: surviving.id,
      actor: {
        user: {
          id: supervisor.id,
          username: 'x',
          roles: ['supervisor'],
          organizationId: centre.id,
          sessionId: 's',
          mfaVerified: true,
        },
        requestId: 'merge-test',
      },
      at: new Date(),
    };
    const ids = await ds.transaction((m) => registry.merge(m, merge));
    expect(ids.plans).toEqual([moved.id]);
    const versions = await req<{ items: { id: string }[] }>(
      counsellor,
      'GET',
      `/api/v1/cases/${surviving.id}/plan/versions`,
    );
    expect(versions.body.items.map((v) => v.id).sort()).toEqual([kept.id, moved.id].sort());
    const old = await req(counsellor, 'GET', `/api/v1/cases/${surviving.id}/plan/versions/${moved.id}`);
    expect(old.body.goals[0]!.text).toBe(GOAL_MARK);
    const [items] = await db.query<{ goals: number; actions: number }>(
      `SELECT (SELECT count(*)::int FROM case_plan_goals WHERE case_id = $1) AS goals,
              (SELECT count(*)::int FROM case_plan_actions WHERE case_id = $1) AS actions`,
      [merged.id],
    );
    expect(items).toEqual({ goals: 0, actions: 0 });

    await ds.transaction((m) => registry.unmerge(m, merge, ids));
    const back = await req<Current>(counsellor, 'GET', `/api/v1/cases/${merged.id}/plan`);
    expect(back.body.pending).toMatchObject({ id: moved.id, status: 'submitted' });
    const left = await req<{ items: { id: string }[] }>(
      counsellor,
      'GET',
      `/api/v1/cases/${surviving.id}/plan/versions`,
    );
    expect(left.body.items.map((v) => v.id)).toEqual([kept.id]);
  });

  it("the plan's text is encrypted and reaches no log line, audit row or outbox payload", async () => {
    const stored = await db.query<{ v: string }>(
      `SELECT goal_text_enc AS v FROM case_plan_goals UNION ALL SELECT note_enc FROM case_plan_actions
       UNION ALL SELECT drop_reason_enc FROM case_plan_actions UNION ALL SELECT return_reason_enc FROM case_plans`,
    );
    const text = JSON.stringify(stored);
    const audit = JSON.stringify(await db.query(`SELECT * FROM audit_events`));
    const outbox = JSON.stringify(await db.query(`SELECT * FROM outbox_events`));
    for (const mark of ['MARKERPLANGOAL', 'MARKERPLANNOTE', 'MARKERPLANDROP', 'MARKERPLANRETURN']) {
      expect(text).not.toContain(mark);
      expect(audit).not.toContain(mark);
      expect(outbox).not.toContain(mark);
      expect(api.logs()).not.toContain(mark);
    }
    expect(api.logs()).toContain('/plan');
  });
});
