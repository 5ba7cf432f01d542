import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FollowUpPlanner } from '../../src/modules/followups';
import { FollowupsHandlers } from '../../src/modules/followups/jobs/followups.handlers';
import type { EventEnvelope } from '../../src/platform/outbox';
import { eventually, RunningApi, RunningWorker, startApi, startWorker, testEnv } from '../support/app';
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

interface Row {
  id: string;
  kind: string;
  due_at: Date;
  assignee_id: string | null;
  organization_id: string;
  reference: string;
  source_key: string | null;
  status: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HIGH_RISK = {
  threats_to_kill: true,
  weapon_access: true,
  strangulation: true,
  escalating_violence: true,
};
const NOTE_MARK = 'ghi chú MARKERRULENOTE';
const OVERRIDE_MARK = 'Người bị hại đang gặp nguy hiểm ngay lúc này MARKERRULEOVERRIDE';
const INTAKE = intakePayload({ survivor: { fullName: 'Phạm Thị Thử' } });

describe('follow-ups made by rules (real worker)', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let worker: RunningWorker;
  let tokenOf: ReturnType<typeof tokenCache>;
  let centre: TestOrganization;
  let counsellor: TestUser;
  let supervisor: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' });
    api = await startApi(env);
    worker = await startWorker(env);
    tokenOf = tokenCache(api);
    centre = await createOrganization(db, { name: 'Trung tâm quy tắc' });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.drop();
  });

  const req = async <T = { id: string; reference: string }>(
    user: TestUser,
    method: string,
    path: string,
    body?: unknown,
  ) => call<T & { code?: string }>(api, method, path, { token: await tokenOf(user), body });
  const followUps = (caseId: string, kind: string) =>
    db.query<Row>(
      `SELECT id, kind, due_at, assignee_id, organization_id, reference, source_key, status
         FROM follow_ups WHERE case_id = $1 AND kind = $2 ORDER BY due_at`,
      [caseId, kind],
    );
  /** The event as the outbox holds it (its handlers read the same row). */
  const eventOf = (topic: string, caseId: string) =>
    eventually(
      () =>
        db.query<{ id: string; created_at: Date; payload: Record<string, string> }>(
          `SELECT id, created_at, payload FROM outbox_events
            WHERE topic = $1 AND payload->>'caseId' = $2`,
          [topic, caseId],
        ),
      (r) => r.length > 0,
      { what: `${topic} written` },
    );
  const openCase = async (body: Record<string, unknown> = {}) => {
    const res = await req(supervisor, 'POST', '/api/v1/cases', { ...INTAKE, ...body });
    expect(res.status).toBe(201);
    return res.body;
  };
  const assign = async (caseId: string, user: TestUser): Promise<void> => {
    const res = await req(supervisor, 'POST', `/api/v1/cases/${caseId}/assignment`, { assigneeId: user.id });
    expect(res.status).toBe(200);
  };

  it('a high-risk intake gets one safety plan due within 4 hours, held by the supervisors until the case is assigned', async () => {
    const c = await openCase({ risk: { answers: HIGH_RISK } });
    const [event] = await eventOf('case.high_risk', c.id);
    const [plan] = await eventually(
      () => followUps(c.id, 'safety_plan'),
      (r) => r.length === 1,
      { what: 'safety plan' },
    );
    expect(plan!.assignee_id).toBeNull();
    expect(plan!.organization_id).toBe(centre.id);
    expect(plan!.reference).toBe(c.reference);
    expect(plan!.due_at.getTime() - event!.created_at.getTime()).toBe(4 * HOUR);
    expect(plan!.source_key).toBe(`case.high_risk:${event!.id}:safety_plan`);

    // An override review of the same case stays the supervisors' when the case is assigned.
    await db.query(
      `INSERT INTO follow_ups (case_id, reference, organization_id, kind, due_at, source_key)
       VALUES ($1, $2, $3, 'override_review', now() + interval '1 day', $4)`,
      [c.id, c.reference, centre.id, `test:${randomUUID()}:override_review`],
    );
    await assign(c.id, counsellor);
    await eventually(
      () => followUps(c.id, 'safety_plan'),
      (r) => r[0]?.assignee_id === counsellor.id,
      { what: 'the safety plan follows the assignee' },
    );
    // One transaction moved both or neither: the safety plan moved, so the review's state is final.
    const [review] = await followUps(c.id, 'override_review');
    expect(review!.assignee_id).toBeNull();

    // The event delivered again makes nothing twice.
    const handlers = worker.app.get(FollowupsHandlers);
    const envelope: EventEnvelope<'case.high_risk'> = {
      eventId: event!.id,
      topic: 'case.high_risk',
      payload: event!.payload as unknown as EventEnvelope<'case.high_risk'>['payload'],
      occurredAt: event!.created_at.toISOString(),
    };
    expect(await handlers.safetyPlan(envelope)).toEqual({ created: 0 });
    expect(await followUps(c.id, 'safety_plan')).toHaveLength(1);
  });

  it("a disabled counsellor's open follow-ups go back to the supervisors, once", async () => {
    const leaving = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
    const c = await openCase();
    const [open, done] = await db.query<{ id: string }>(
      `INSERT INTO follow_ups (case_id, reference, organization_id, kind, due_at, assignee_id, status)
       VALUES ($1, $2, $3, 'call_back', now() + interval '1 day', $4, 'open'),
              ($1, $2, $3, 'call_back', now() - interval '1 day', $4, 'done')
       RETURNING id`,
      [c.id, c.reference, centre.id, leaving.id],
    );
    const handlers = worker.app.get(FollowupsHandlers);
    const envelope: EventEnvelope<'user.disabled'> = {
      eventId: randomUUID(),
      topic: 'user.disabled',
      payload: { userId: leaving.id, organizationId: centre.id, actorId: supervisor.id },
      occurredAt: new Date().toISOString(),
    };
    expect(await handlers.returnToSupervisors(envelope)).toEqual({ moved: 1 });
    expect(await handlers.returnToSupervisors(envelope)).toEqual({ moved: 0 });
    const rows = await db.query<{ id: string; assignee_id: string | null }>(
      `SELECT id, assignee_id FROM follow_ups WHERE id = ANY($1::uuid[])`,
      [[open!.id, done!.id]],
    );
    expect(rows.find((r) => r.id === open!.id)?.assignee_id).toBeNull();
    expect(rows.find((r) => r.id === done!.id)?.assignee_id).toBe(leaving.id);
  });

  it('a high-risk case already assigned: the safety plan goes to its assignee', async () => {
    const c = await openCase();
    await assign(c.id, counsellor);
    const res = await req(counsellor, 'POST', `/api/v1/cases/${c.id}/risk-assessments`, {
      answers: HIGH_RISK,
    });
    expect(res.status).toBe(201);
    const [plan] = await eventually(
      () => followUps(c.id, 'safety_plan'),
      (r) => r.length === 1,
      { what: 'safety plan' },
    );
    expect(plan!.assignee_id).toBe(counsellor.id);
  });

  it("a commune chair's order awaiting decision and a court order give measure_decision and measure_expiry follow-ups, once", async () => {
    const c = await openCase();
    await assign(c.id, counsellor);
    const requestedAt = new Date(Date.now() - HOUR);
    const decision = await req(counsellor, 'POST', `/api/v1/cases/${c.id}/protection-measures`, {
      type: 'no_contact_order_commune',
      requestedAt: requestedAt.toISOString(),
      note: NOTE_MARK,
    });
    expect(decision.status).toBe(201);
    const start = new Date(Date.now() - DAY);
    const end = new Date(Date.now() + 20 * DAY);
    const court = await req(counsellor, 'POST', `/api/v1/cases/${c.id}/protection-measures`, {
      type: 'no_contact_order_court',
      startsAt: start.toISOString(),
      endsAt: end.toISOString(),
    });
    expect(court.status).toBe(201);
    const [due] = await eventually(
      () => followUps(c.id, 'measure_decision'),
      (r) => r.length === 1,
      {
        what: 'measure_decision',
      },
    );
    expect(due!.due_at.getTime()).toBe(requestedAt.getTime() + 12 * HOUR);
    expect(due!.assignee_id).toBe(counsellor.id);
    expect(due!.source_key).toBe(`protection_measure:${decision.body.id}:measure_decision`);
    const [expiry] = await eventually(
      () => followUps(c.id, 'measure_expiry'),
      (r) => r.length === 1,
      {
        what: 'measure_expiry',
      },
    );
    expect(expiry!.due_at.getTime()).toBe(end.getTime() - 48 * HOUR);
    // The commune order has no start yet: no expiry for it. Again: nothing more.
    const planner = worker.app.get(FollowUpPlanner);
    expect(await planner.measureDeadlines(decision.body.id)).toEqual([]);
    expect(await planner.measureDeadlines(court.body.id)).toEqual([]);
    expect(await followUps(c.id, 'measure_expiry')).toHaveLength(1);
    expect(await followUps(c.id, 'measure_decision')).toHaveLength(1);
  });

  it('an emergency referral without consent gives the referring supervisors an override review, once', async () => {
    const c = await openCase();
    await assign(c.id, counsellor);
    const safeOrg = await createOrganization(db, { name: 'Nhà tạm lánh quy tắc', type: 'safe_house' });
    const [p] = await db.query<{ id: string }>(
      `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, capacity, created_by)
       VALUES ('Nhà tạm lánh thử', 'safe_house', $1, '01', '00004', '{shelter}', 5, $2) RETURNING id`,
      [safeOrg.id, supervisor.id],
    );
    const sent = await req<{ id: string }>(counsellor, 'POST', `/api/v1/cases/${c.id}/referrals`, {
      providerId: p!.id,
      services: ['shelter'],
      urgency: 'emergency',
      emergencyOverride: { reasonText: OVERRIDE_MARK },
    });
    expect(sent.status).toBe(201);
    const [event] = await eventOf('referral.emergency_override', c.id);
    const [review] = await eventually(
      () => followUps(c.id, 'override_review'),
      (r) => r.length === 1,
      {
        what: 'override review',
      },
    );
    expect(review!.assignee_id).toBeNull();
    expect(review!.organization_id).toBe(centre.id);
    expect(review!.due_at.getTime() - event!.created_at.getTime()).toBe(24 * HOUR);
    expect(review!.source_key).toBe(`referral:${sent.body.id}:override_review`);
    const handlers = worker.app.get(FollowupsHandlers);
    expect(
      await handlers.overrideReview({
        eventId: event!.id,
        topic: 'referral.emergency_override',
        payload: event!.payload as unknown as EventEnvelope<'referral.emergency_override'>['payload'],
        occurredAt: event!.created_at.toISOString(),
      }),
    ).toEqual({ created: 0 });
    expect(await followUps(c.id, 'override_review')).toHaveLength(1);
  });

  it('planReviews twice makes one review per open case, due 30 days after the last done review or the opening', async () => {
    const fresh = await openCase();
    await assign(fresh.id, counsellor);
    const reviewed = await openCase();
    const closed = await openCase();
    await db.query(`UPDATE cases SET status = 'closed' WHERE id = $1`, [closed.id]);
    const doneAt = new Date('2026-01-15T03:00:00Z');
    await db.query(
      `INSERT INTO follow_ups (case_id, reference, organization_id, kind, due_at, status, completed_at)
       VALUES ($1, $2, $3, 'case_review', $4, 'done', $4), ($1, $2, $3, 'case_review', $5, 'done', $5)`,
      [reviewed.id, reviewed.reference, centre.id, new Date('2025-12-01T00:00:00Z'), doneAt],
    );
    const planner = api.app.get(FollowUpPlanner);
    const dataSource = api.app.get(DataSource);
    const first = await dataSource.transaction((m) => planner.planReviews(m, 10_000));
    const second = await dataSource.transaction((m) => planner.planReviews(m, 10_000));
    expect(first).toBeGreaterThanOrEqual(2);
    expect(second).toBe(0);
    const [opened] = await db.query<{ opened_at: Date }>(`SELECT opened_at FROM cases WHERE id = $1`, [
      fresh.id,
    ]);
    const freshReviews = (await followUps(fresh.id, 'case_review')).filter((r) => r.status === 'open');
    expect(freshReviews).toHaveLength(1);
    expect(freshReviews[0]!.due_at.getTime()).toBe(opened!.opened_at.getTime() + 30 * DAY);
    expect(freshReviews[0]!.assignee_id).toBe(counsellor.id);
    const next = (await followUps(reviewed.id, 'case_review')).filter((r) => r.status === 'open');
    expect(next).toHaveLength(1);
    expect(next[0]!.due_at.getTime()).toBe(doneAt.getTime() + 30 * DAY);
    expect(await followUps(closed.id, 'case_review')).toHaveLength(0);
    const perCase = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM follow_ups f JOIN cases c ON c.id = f.case_id
        WHERE c.status <> 'closed' AND f.kind = 'case_review' AND f.status = 'open' GROUP BY f.case_id`,
    );
    expect(perCase.every((r) => r.n === 1)).toBe(true);
    const openCases = await db.query(`SELECT 1 FROM cases WHERE status <> 'closed'`);
    expect(perCase).toHaveLength(openCases.length);
  });

  it('no planted marker reaches an outbox payload or a notification', async () => {
    const text = JSON.stringify([
      await db.query(`SELECT payload FROM outbox_events`),
      await db.query(`SELECT * FROM notifications`),
    ]);
    for (const mark of ['MARKERRULENOTE', 'MARKERRULEOVERRIDE']) expect(text).not.toContain(mark);
  });
});
