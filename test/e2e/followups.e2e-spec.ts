import { randomUUID } from 'node:crypto';
import { FollowUpWorklistRepository } from '../../src/modules/followups';
import { endOfHanoiDay } from '../../src/modules/followups/domain/worklist-window';
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
import type { ErrorBody as ApiErrorBody } from '../support/error-body';
import { intakePayload } from '../factories/cases';

type ErrorBody = ApiErrorBody<{ field: string; problems: string[] }[] | { allowed: string[] }>;
interface FollowUp {
  id: string;
  caseId: string;
  reference: string;
  kind: string;
  dueAt: string;
  assigneeId: string | null;
  note: string | null;
  status: string;
  completedAt: string | null;
  completedBy: string | null;
  outcome: string | null;
  createdBy: string | null;
  version: number;
  safeContact?: { canCall: boolean | null; codeWord: string | null; safeTimes: string | null } | null;
}
interface Worklist {
  items: {
    id: string;
    caseId: string;
    reference: string;
    kind: string;
    dueAt: string;
    assigneeId: string | null;
    status: string;
  }[];
  nextCursor: string | null;
}

/** Markers planted in free text: none may reach an outbox payload. */
const NOTE_MARK = 'Gọi cho chị MARKERFOLLOWNOTE sau 18 giờ';
const REASON_MARK = 'Chị ấy xin dời MARKERFOLLOWREASON';
const CODE_MARK = 'hoa sen MARKERCODEWORD';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const INTAKE = intakePayload({
  survivor: {
    fullName: 'Lê Thị Thử',
    safeContact: { canCall: true, canText: false, safeTimes: 'sau 18 giờ', codeWord: CODE_MARK },
  },
});

describe('follow-ups: adding, reading, completing, rescheduling, the worklist', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let centre: TestOrganization;
  let otherCentre: TestOrganization;
  let counsellor: TestUser;
  let counsellor2: TestUser;
  let supervisor: TestUser;
  let supervisor2: TestUser;
  let operator: TestUser;
  let otherCounsellor: TestUser;
  let otherSupervisor: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    centre = await createOrganization(db, { name: 'Trung tâm theo dõi' });
    otherCentre = await createOrganization(db, { name: 'Trung tâm khác' });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
    counsellor2 = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
    supervisor2 = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
    operator = await createUser(db, { roles: ['hotline_operator'], organizationId: centre.id });
    otherCounsellor = await createUser(db, { roles: ['counsellor'], organizationId: otherCentre.id });
    otherSupervisor = await createUser(db, { roles: ['supervisor'], organizationId: otherCentre.id });
    admin = await createUser(db, { roles: ['admin'], organizationId: centre.id });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const req = async <T = FollowUp>(
    user: TestUser,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => call<T & ErrorBody>(api, method, path, { token: await tokenOf(user), body, headers });

  /** A case of the centre, assigned to the counsellor (or to nobody). */
  const openCase = async (
    assignee: TestUser | null = counsellor,
  ): Promise<{ id: string; reference: string }> => {
    const c = await req<{ id: string; reference: string }>(supervisor, 'POST', '/api/v1/cases', INTAKE);
    expect(c.status).toBe(201);
    if (assignee) {
      const a = await req(supervisor, 'POST', `/api/v1/cases/${c.body.id}/assignment`, {
        assigneeId: assignee.id,
      });
      expect(a.status).toBe(200);
    }
    return c.body;
  };
  const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();
  const add = (
    user: TestUser,
    caseId: string,
    body: Record<string, unknown>,
    headers?: Record<string, string>,
  ) =>
    req(
      user,
      'POST',
      `/api/v1/cases/${caseId}/follow-ups`,
      { kind: 'call_back', dueAt: inHours(2), ...body },
      headers,
    );
  const added = async (
    user: TestUser,
    caseId: string,
    body: Record<string, unknown> = {},
  ): Promise<FollowUp> => {
    const res = await add(user, caseId, body);
    expect(res.status).toBe(201);
    return res.body;
  };
  const countOf = async (caseId: string) =>
    (
      await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM follow_ups WHERE case_id = $1`, [caseId])
    )[0]!.n;

  describe('adding a follow-up', () => {
    it("the assignee adds one: the case's assignee by default, note encrypted, reminder set at the due time, audited", async () => {
      const c = await openCase();
      const dueAt = '2030-03-10T09:00:00+07:00';
      const res = await add(counsellor, c.id, { kind: 'home_visit', dueAt, note: NOTE_MARK });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        caseId: c.id,
        reference: c.reference,
        kind: 'home_visit',
        dueAt: '2030-03-10T02:00:00.000Z',
        assigneeId: counsellor.id,
        note: NOTE_MARK,
        status: 'open',
        createdBy: counsellor.id,
        version: 1,
      });
      const [row] = await db.query<{
        note_enc: string;
        reminder_stage: number;
        next_reminder_at: Date;
        organization_id: string;
      }>(`SELECT note_enc, reminder_stage, next_reminder_at, organization_id FROM follow_ups WHERE id = $1`, [
        res.body.id,
      ]);
      expect(row!.note_enc).not.toContain('MARKERFOLLOWNOTE');
      expect(row!.reminder_stage).toBe(0);
      expect(row!.next_reminder_at.toISOString()).toBe('2030-03-10T02:00:00.000Z');
      expect(row!.organization_id).toBe(centre.id);
      const audit = await db.query(
        `SELECT 1 FROM audit_events WHERE action = 'follow_up.created' AND entity_id = $1 AND case_id = $2`,
        [res.body.id, c.id],
      );
      expect(audit).toHaveLength(1);
    });

    it('without an assignee on the case, the follow-up has none (the supervisors hold it)', async () => {
      const c = await openCase(null);
      expect((await added(supervisor, c.id)).assigneeId).toBeNull();
    });

    it('a supervisor may name another supervisor; a user of another organisation or an operator is refused, naming assigneeId', async () => {
      const c = await openCase();
      expect((await added(supervisor, c.id, { assigneeId: supervisor2.id })).assigneeId).toBe(supervisor2.id);
      for (const who of [otherCounsellor, operator, randomUUID()]) {
        const res = await add(supervisor, c.id, { assigneeId: typeof who === 'string' ? who : who.id });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('FOLLOW_UP_ASSIGNEE_INVALID');
        expect(res.body.message).toContain('assigneeId');
      }
      expect(await countOf(c.id)).toBe(1);
    });

    it('validation errors name the fields: a missing kind, a due time without offset, a note too long', async () => {
      const c = await openCase();
      const res = await req(counsellor, 'POST', `/api/v1/cases/${c.id}/follow-ups`, {
        dueAt: '2030-03-10T09:00:00',
        note: 'x'.repeat(10_001),
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const fields = (res.body.details as { field: string }[]).map((d) => d.field).sort();
      expect(fields).toEqual(['dueAt', 'kind', 'note']);
      expect(await countOf(c.id)).toBe(0);
    });

    it('refuses a kind only rules make, an unknown kind, and a due time more than a day past', async () => {
      const c = await openCase();
      const rule = await add(counsellor, c.id, { kind: 'override_review' });
      expect(rule.status).toBe(400);
      expect(rule.body.code).toBe('FOLLOW_UP_KIND_NOT_MANUAL');
      expect(rule.body.message).toContain('kind');
      const unknown = await add(counsellor, c.id, { kind: 'coffee' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.code).toBe('UNKNOWN_CATALOGUE_KEY');
      const past = await add(counsellor, c.id, { dueAt: inHours(-25) });
      expect(past.status).toBe(400);
      expect(past.body.code).toBe('FOLLOW_UP_DUE_IN_PAST');
      expect(past.body.message).toContain('dueAt');
      expect((await add(counsellor, c.id, { dueAt: inHours(-23) })).status).toBe(201);
      expect(await countOf(c.id)).toBe(1);
    });

    it('another organisation and a counsellor who is not the assignee get 404; an admin 404; nothing is written', async () => {
      const c = await openCase();
      for (const user of [otherCounsellor, otherSupervisor, counsellor2, admin]) {
        const res = await add(user, c.id, {});
        expect(res.status).toBe(404);
      }
      expect((await add(counsellor, randomUUID(), {})).status).toBe(404);
      expect(await countOf(c.id)).toBe(0);
    });

    it('a retried request with the same Idempotency-Key answers the first follow-up; another body with it is refused', async () => {
      const c = await openCase();
      const key = `fu-${randomUUID()}`;
      const body = { kind: 'call_back', dueAt: '2030-01-01T08:00:00+07:00' };
      const first = await add(counsellor, c.id, body, { 'idempotency-key': key });
      const second = await add(counsellor, c.id, body, { 'idempotency-key': key });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body.id).toBe(first.body.id);
      const other = await add(counsellor, c.id, { ...body, kind: 'home_visit' }, { 'idempotency-key': key });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await countOf(c.id)).toBe(1);
    });
  });

  describe('reading one', () => {
    it("shows the note and the case's safe contact to the assignee, and the read is in the case's access log", async () => {
      const c = await openCase();
      const f = await added(counsellor, c.id, { note: NOTE_MARK });
      const res = await req(counsellor, 'GET', `/api/v1/follow-ups/${f.id}`);
      expect(res.status).toBe(200);
      expect(res.body.note).toBe(NOTE_MARK);
      expect(res.body.safeContact).toMatchObject({ canCall: true, canText: false, codeWord: CODE_MARK });
      const audit = await db.query(
        `SELECT 1 FROM audit_events WHERE action = 'follow_up.read' AND entity_id = $1 AND case_id = $2 AND actor_id = $3`,
        [f.id, c.id, counsellor.id],
      );
      expect(audit).toHaveLength(1);
      expect((await req(supervisor2, 'GET', `/api/v1/follow-ups/${f.id}`)).status).toBe(200);
    });

    it('is hidden (404) from a counsellor who is not the assignee, another organisation, and a missing id', async () => {
      const c = await openCase();
      const f = await added(counsellor, c.id);
      for (const user of [counsellor2, otherSupervisor, otherCounsellor, operator]) {
        expect((await req(user, 'GET', `/api/v1/follow-ups/${f.id}`)).status).toBe(404);
      }
      expect((await req(counsellor, 'GET', `/api/v1/follow-ups/${randomUUID()}`)).status).toBe(404);
    });

    it("is hidden from a supervisor not named on a restricted case, and from its assignee once the case is someone else's", async () => {
      const c = await openCase();
      const f = await added(counsellor, c.id);
      expect(
        (await req(supervisor, 'POST', `/api/v1/cases/${c.id}/restriction`, { restricted: true })).status,
      ).toBe(200);
      expect((await req(supervisor2, 'GET', `/api/v1/follow-ups/${f.id}`)).status).toBe(404);
      expect((await req(supervisor, 'GET', `/api/v1/follow-ups/${f.id}`)).status).toBe(200);
      expect((await req(counsellor, 'GET', `/api/v1/follow-ups/${f.id}`)).status).toBe(200);
      await req(supervisor, 'POST', `/api/v1/cases/${c.id}/assignment`, { assigneeId: counsellor2.id });
      expect((await req(counsellor, 'GET', `/api/v1/follow-ups/${f.id}`)).status).toBe(404);
    });
  });

  describe('completing and rescheduling', () => {
    it('the assignee completes: done, outcome, who and when, no reminder left, version bumped, audited', async () => {
      const c = await openCase();
      const f = await added(counsellor, c.id, { note: NOTE_MARK });
      const res = await req(counsellor, 'POST', `/api/v1/follow-ups/${f.id}/complete`, {
        outcome: 'reached',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'done',
        outcome: 'reached',
        completedBy: counsellor.id,
        version: 2,
        note: NOTE_MARK,
      });
      expect(res.body.completedAt).not.toBeNull();
      const [row] = await db.query<{ next_reminder_at: Date | null }>(
        `SELECT next_reminder_at FROM follow_ups WHERE id = $1`,
        [f.id],
      );
      expect(row!.next_reminder_at).toBeNull();
      const audit = await db.query(
        `SELECT 1 FROM audit_events WHERE action = 'follow_up.completed' AND entity_id = $1 AND case_id = $2 AND reason_code = 'reached'`,
        [f.id, c.id],
      );
      expect(audit).toHaveLength(1);
    });

    it('completing a done follow-up answers 422 naming its status; a retry with the same Idempotency-Key answers the first 200', async () => {
      const c = await openCase();
      const f = await added(counsellor, c.id);
      const key = `done-${randomUUID()}`;
      const first = await req(
        counsellor,
        'POST',
        `/api/v1/follow-ups/${f.id}/complete`,
        { outcome: 'done' },
        { 'idempotency-key': key },
      );
      const retry = await req(
        counsellor,
        'POST',
        `/api/v1/follow-ups/${f.id}/complete`,
        { outcome: 'done' },
        { 'idempotency-key': key },
      );
      expect(first.status).toBe(200);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      const again = await req(counsellor, 'POST', `/api/v1/follow-ups/${f.id}/complete`, { outcome: 'done' });
      expect(again.status).toBe(422);
      expect(again.body.code).toBe('FOLLOW_UP_NOT_OPEN');
      expect(again.body.message).toContain('done');
      const moved = await req(counsellor, 'POST', `/api/v1/follow-ups/${f.id}/reschedule`, {
        dueAt: inHours(5),
        reasonText: 'x',
      });
      expect(moved.status).toBe(422);
      expect(moved.body.code).toBe('FOLLOW_UP_NOT_OPEN');
    });

    it('refuses an unknown outcome naming the field, and hides the follow-up from a counsellor who is not its assignee', async () => {
      const c = await openCase();
      const f = await added(counsellor, c.id);
      const bad = await req(counsellor, 'POST', `/api/v1/follow-ups/${f.id}/complete`, { outcome: 'maybe' });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('UNKNOWN_CATALOGUE_KEY');
      expect(bad.body.message).toContain('outcome');
      expect(
        (await req(counsellor2, 'POST', `/api/v1/follow-ups/${f.id}/complete`, { outcome: 'done' })).status,
      ).toBe(404);
      expect(
        (
          await req(otherSupervisor, 'POST', `/api/v1/follow-ups/${f.id}/reschedule`, {
            dueAt: inHours(3),
            reasonText: 'x',
          })
        ).status,
      ).toBe(404);
      const [row] = await db.query<{ status: string; version: number }>(
        `SELECT status, version FROM follow_ups WHERE id = $1`,
        [f.id],
      );
      expect(row).toEqual({ status: 'open', version: 1 });
    });

    it('a supervisor reschedules: new due time, reminders start again, the reason encrypted in the audit row', async () => {
      const c = await openCase();
      const f = await added(counsellor, c.id);
      await db.query(
        `UPDATE follow_ups SET reminder_stage = 1, next_reminder_at = now() + interval '1 hour' WHERE id = $1`,
        [f.id],
      );
      const dueAt = '2031-05-01T10:30:00+07:00';
      const res = await req(supervisor, 'POST', `/api/v1/follow-ups/${f.id}/reschedule`, {
        dueAt,
        reasonText: REASON_MARK,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ dueAt: '2031-05-01T03:30:00.000Z', status: 'open', version: 2 });
      const [row] = await db.query<{ reminder_stage: number; next_reminder_at: Date }>(
        `SELECT reminder_stage, next_reminder_at FROM follow_ups WHERE id = $1`,
        [f.id],
      );
      expect(row!.reminder_stage).toBe(0);
      expect(row!.next_reminder_at.toISOString()).toBe('2031-05-01T03:30:00.000Z');
      const [audit] = await db.query(
        `SELECT * FROM audit_events WHERE action = 'follow_up.rescheduled' AND entity_id = $1 AND case_id = $2`,
        [f.id, c.id],
      );
      expect(audit).toBeDefined();
      expect(JSON.stringify(audit)).not.toContain('MARKERFOLLOWREASON');
      const missing = await req(supervisor, 'POST', `/api/v1/follow-ups/${f.id}/reschedule`, { dueAt });
      expect(missing.status).toBe(400);
      expect(JSON.stringify(missing.body.details)).toContain('reasonText');
    });
  });

  describe('the worklist', () => {
    /** A follow-up written in SQL at a chosen time. */
    const insert = async (
      c: { id: string; reference: string },
      dueAt: Date,
      assigneeId: string | null,
      opts: { status?: string; org?: string } = {},
    ): Promise<string> => {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO follow_ups (case_id, reference, organization_id, kind, due_at, assignee_id, status, next_reminder_at)
         VALUES ($1, $2, $3, 'call_back', $4, $5, $6, $4) RETURNING id`,
        [c.id, c.reference, opts.org ?? centre.id, dueAt, assigneeId, opts.status ?? 'open'],
      );
      return row!.id;
    };
    const list = (user: TestUser, query: string) => req<Worklist>(user, 'GET', `/api/v1/follow-ups?${query}`);
    const ids = async (user: TestUser, query: string): Promise<string[]> => {
      const res = await list(user, query);
      expect(res.status).toBe(200);
      return res.body.items.map((i) => i.id);
    };

    it('windows in Hanoi days: overdue, today up to Hanoi midnight, week up to the end of the 7th day, none: all open', async () => {
      const worker = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
      const c = await openCase(worker);
      const now = Date.now();
      const eod = endOfHanoiDay(new Date(now)).getTime();
      const overdue = await insert(c, new Date(now - 2 * HOUR), worker.id);
      const laterToday = await insert(c, new Date(now + Math.floor((eod - now) / 2)), worker.id);
      const atMidnight = await insert(c, new Date(eod), worker.id);
      const inThreeDays = await insert(c, new Date(now + 3 * DAY), worker.id);
      const lastOfWeek = await insert(c, new Date(eod + 6 * DAY - 1000), worker.id);
      const afterWeek = await insert(c, new Date(eod + 6 * DAY), worker.id);
      const inTenDays = await insert(c, new Date(now + 10 * DAY), worker.id);
      await insert(c, new Date(now + HOUR), worker.id, { status: 'done' });
      await insert(c, new Date(now + HOUR), counsellor.id);

      expect(await ids(worker, 'due=overdue')).toEqual([overdue]);
      expect(await ids(worker, 'due=today')).toEqual([laterToday]);
      expect(await ids(worker, 'due=week')).toEqual([laterToday, atMidnight, inThreeDays, lastOfWeek]);
      expect(await ids(worker, 'scope=mine')).toEqual([
        overdue,
        laterToday,
        atMidnight,
        inThreeDays,
        lastOfWeek,
        afterWeek,
        inTenDays,
      ]);
      const res = await list(worker, 'due=overdue');
      expect(res.body.items[0]).toEqual({
        id: overdue,
        caseId: c.id,
        reference: c.reference,
        kind: 'call_back',
        dueAt: new Date(now - 2 * HOUR).toISOString(),
        assigneeId: worker.id,
        status: 'open',
        // issue 14: the case's risk level and safe contact ride on the row (the read is audited per case)
        riskLevel: null,
        safeContact: expect.objectContaining({ canCall: true, canText: false }) as unknown,
      });
    });

    it('orders by due time then id and pages with the cursor without loss or repeat', async () => {
      const worker = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
      const c = await openCase(worker);
      const base = Date.now() + 5 * DAY;
      const made: { id: string; at: number }[] = [];
      for (let i = 0; i < 7; i += 1) {
        const at = base + (i % 3) * HOUR; // three of them share a due time: the id decides
        made.push({ id: await insert(c, new Date(at), worker.id), at });
      }
      const expected = [...made].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)).map((m) => m.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: Awaited<ReturnType<typeof list>> = await list(
          worker,
          `limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((i) => i.id));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual(expected);
    });

    it('refuses a forged cursor and a limit above 100, naming the field', async () => {
      const bad = await list(counsellor, 'cursor=bm90LWEtY3Vyc29y');
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('cursor');
      const big = await list(counsellor, 'limit=101');
      expect(big.status).toBe(400);
      expect(JSON.stringify(big.body)).toContain('limit');
      expect((await list(counsellor, 'due=tomorrow')).status).toBe(400);
    });

    it('organisation scope: a supervisor sees every open follow-up of the organisation, assigned or not; a counsellor is refused 403', async () => {
      const org = await createOrganization(db, { name: `Cơ sở ${randomUUID().slice(0, 6)}` });
      const boss = await createUser(db, { roles: ['supervisor'], organizationId: org.id });
      const worker = await createUser(db, { roles: ['counsellor'], organizationId: org.id });
      const c = await req<{ id: string; reference: string }>(boss, 'POST', '/api/v1/cases', INTAKE);
      expect(c.status).toBe(201);
      const mine = await insert(c.body, new Date(Date.now() + HOUR), worker.id, { org: org.id });
      const nobodys = await insert(c.body, new Date(Date.now() + 2 * HOUR), null, { org: org.id });
      const elsewhere = await insert(c.body, new Date(Date.now() + 3 * HOUR), null);
      expect(await ids(boss, 'scope=organization')).toEqual([mine, nobodys]);
      expect(await ids(boss, 'scope=organization&due=today').then((l) => l.includes(elsewhere))).toBe(false);
      const refused = await list(worker, 'scope=organization');
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('FOLLOW_UP_SCOPE_NOT_ALLOWED');
      expect(await ids(admin, 'scope=mine')).toEqual([]);
    });

    it("a restricted case's follow-ups are hidden from a supervisor not named on it, and a counsellor's from cases they may not read", async () => {
      const org = await createOrganization(db, { name: `Cơ sở ${randomUUID().slice(0, 6)}` });
      const named = await createUser(db, { roles: ['supervisor'], organizationId: org.id });
      const notNamed = await createUser(db, { roles: ['supervisor'], organizationId: org.id });
      const worker = await createUser(db, { roles: ['counsellor'], organizationId: org.id });
      const other = await createUser(db, { roles: ['counsellor'], organizationId: org.id });
      const c = await req<{ id: string; reference: string }>(named, 'POST', '/api/v1/cases', INTAKE);
      expect(
        (await req(named, 'POST', `/api/v1/cases/${c.body.id}/assignment`, { assigneeId: worker.id })).status,
      ).toBe(200);
      const f = await insert(c.body, new Date(Date.now() + HOUR), worker.id, { org: org.id });
      const strayed = await insert(c.body, new Date(Date.now() + HOUR), other.id, { org: org.id });
      expect(await ids(notNamed, 'scope=organization')).toHaveLength(2);
      expect(
        (await req(named, 'POST', `/api/v1/cases/${c.body.id}/restriction`, { restricted: true })).status,
      ).toBe(200);
      expect(await ids(notNamed, 'scope=organization')).toEqual([]);
      expect((await ids(named, 'scope=organization')).sort()).toEqual([f, strayed].sort());
      expect(await ids(worker, 'scope=mine')).toEqual([f]);
      expect(await ids(other, 'scope=mine')).toEqual([]);
    });

    it('the plan reads the partial indexes follow_ups_mine_idx and follow_ups_organization_idx', async () => {
      const org = await createOrganization(db, { name: `Cơ sở lớn ${randomUUID().slice(0, 6)}` });
      const boss = await createUser(db, { roles: ['supervisor'], organizationId: org.id });
      const c = await req<{ id: string; reference: string }>(boss, 'POST', '/api/v1/cases', INTAKE);
      expect(c.status).toBe(201);
      // A few thousand follow-ups over hundreds of cases, many assignees and organisations, most done.
      const other = await createOrganization(db, { name: `Cơ sở khác ${randomUUID().slice(0, 6)}` });
      await db.query(
        `INSERT INTO cases (reference, organization_id, channel, received_at, status, restricted, created_by,
                            record_key)
         SELECT 'PX-2026-' || lpad(g::text, 9, '0'), CASE WHEN g % 4 = 1 THEN $1::uuid ELSE $2::uuid END,
                'hotline', now(), 'in_progress', false, $3, 1000000 + g
           FROM generate_series(1, 400) AS g`,
        [org.id, other.id, boss.id],
      );
      await db.query(
        `INSERT INTO follow_ups (case_id, reference, organization_id, kind, due_at, assignee_id, status)
         SELECT c.id, c.reference, c.organization_id, 'call_back', now() + (g % 10000 || ' minutes')::interval,
                CASE WHEN g % 40 = 0 THEN $1::uuid ELSE ('00000000-0000-4000-8000-' || lpad((g % 97)::text, 12, '0'))::uuid END,
                CASE WHEN g % 3 = 0 THEN 'open' ELSE 'done' END
           FROM generate_series(1, 8000) AS g
           JOIN cases c ON c.reference = 'PX-2026-' || lpad((g % 400 + 1)::text, 9, '0')`,
        [boss.id],
      );
      await db.query('ANALYZE follow_ups');
      await db.query('ANALYZE cases');
      const queries = api.app.get(FollowUpWorklistRepository);
      const user = { id: boss.id, roles: ['supervisor'], organizationId: org.id };
      const range = { from: new Date(), to: new Date(Date.now() + 7 * DAY) };
      for (const [scope, index] of [
        ['mine', 'follow_ups_mine_idx'],
        ['organization', 'follow_ups_organization_idx'],
      ] as const) {
        const s = queries.worklistStatement(user, scope, range, undefined, 51);
        const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${s.sql}`, s.params);
        const text = plan.map((p) => p['QUERY PLAN']).join('\n');
        expect(text).toContain(index);
        expect(text).not.toMatch(/Seq Scan on follow_ups|BitmapOr|follow_ups_case_idx/);
      }
      expect((await ids(boss, 'scope=mine&limit=100')).length).toBeGreaterThan(10);
    });
  });

  it('no planted marker reaches an outbox payload', async () => {
    const payloads = await db.query<{ payload: unknown }>(`SELECT payload FROM outbox_events`);
    const text = JSON.stringify(payloads);
    for (const mark of ['MARKERFOLLOWNOTE', 'MARKERFOLLOWREASON', 'MARKERCODEWORD'])
      expect(text).not.toContain(mark);
  });
});
