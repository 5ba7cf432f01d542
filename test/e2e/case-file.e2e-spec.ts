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
import type { ErrorBody as ApiErrorBody } from '../support/error-body';

type ErrorBody = ApiErrorBody<{ allowed?: string[] }>;
interface Answer {
  id: string;
  version: number;
  status: string;
  closurePending: boolean;
  reference: string;
  grantId: string;
  expiresAt: string;
}
interface LogLine {
  at: string;
  userId: string | null;
  username: string | null;
  displayName: string | null;
  action: string;
  reasonCode: string | null;
}

const MINIMUM = intakePayload();
const REASON = 'Trực đêm thay đồng nghiệp, người bị hại gọi lại cần hỗ trợ';

describe('the case file: update, workflow, assignment, break-glass, access log', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let worker: RunningWorker;
  let tokenOf: ReturnType<typeof tokenCache>;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let operator: TestUser;
  let counsellor: TestUser;
  let counsellor2: TestUser;
  let counsellorB: TestUser;
  let supervisor: TestUser;
  let supervisor2: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' });
    api = await startApi(env);
    worker = await startWorker(env);
    tokenOf = tokenCache(api);
    orgA = await createOrganization(db, { name: 'Trung tâm hồ sơ A' });
    orgB = await createOrganization(db, { name: 'Trung tâm hồ sơ B' });
    operator = await createUser(db, { roles: ['hotline_operator'], organizationId: orgA.id });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    counsellor2 = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    counsellorB = await createUser(db, { roles: ['counsellor'], organizationId: orgB.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: orgA.id });
    supervisor2 = await createUser(db, { roles: ['supervisor'], organizationId: orgA.id });
    admin = await createUser(db, { roles: ['admin'], organizationId: orgA.id });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.drop();
  });

  const req = async <T = Answer>(user: TestUser, method: string, path: string, body?: unknown) =>
    call<T & ErrorBody>(api, method, path, { token: await tokenOf(user), body });
  const open = async (by: TestUser = supervisor, body: unknown = MINIMUM): Promise<Answer> => {
    const res = await req(by, 'POST', '/api/v1/cases', body);
    expect(res.status).toBe(201);
    return res.body;
  };
  const assignTo = async (caseId: string, user: TestUser) => {
    const res = await req(supervisor, 'POST', `/api/v1/cases/${caseId}/assignment`, { assigneeId: user.id });
    expect(res.status).toBe(200);
  };
  const notifications = (type: string, caseId: string) =>
    db.query<{ recipient_id: string }>(
      `SELECT recipient_id FROM notifications WHERE type = $1 AND case_id = $2 ORDER BY recipient_id`,
      [type, caseId],
    );
  /** Waits for the worker's notifications, then lets a late duplicate show: the count must stay exact. */
  const notified = async (type: string, caseId: string, expected: string[]) => {
    await eventually(
      () => notifications(type, caseId),
      (r) => r.length >= expected.length,
      { what: `${type} notifications` },
    );
    await relayedAll();
    expect((await notifications(type, caseId)).map((r) => r.recipient_id)).toEqual([...expected].sort());
  };
  const relayedAll = () =>
    eventually(
      () =>
        db.query(
          `SELECT 1 FROM outbox_events WHERE delivered_at IS NULL AND topic <> 'protection_measure.recorded'`,
        ),
      (r) => r.length === 0,
      { what: 'every event relayed' },
    );
  it('refuses an update with a stale version (409) and re-encrypts and re-indexes changed fields', async () => {
    const c = await open(supervisor, { ...MINIMUM, survivor: { sex: 'female', phones: ['0912 000 111'] } });
    const path = `/api/v1/cases/${c.id}`;
    const ok = await req(supervisor, 'PATCH', path, {
      version: 1,
      survivor: { phones: ['0912 000 222'], fullName: 'Nguyễn Thị Sửa' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
    const stale = await req(supervisor, 'PATCH', path, { version: 1, channel: 'walk_in' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const file = await req<{ channel: string; survivor: { phones: string[]; fullName: string } }>(
      supervisor,
      'GET',
      path,
    );
    expect(file.body.channel).toBe('hotline');
    expect(file.body.survivor).toMatchObject({ phones: ['+84912000222'], fullName: 'Nguyễn Thị Sửa' });
    const found = await req<{ items: { id: string }[] }>(supervisor, 'POST', '/api/v1/cases/search', {
      phone: '0912000222',
    });
    expect(found.body.items.map((i) => i.id)).toEqual([c.id]);
    const old = await req<{ items: { id: string }[] }>(supervisor, 'POST', '/api/v1/cases/search', {
      phone: '0912000111',
    });
    expect(old.body.items).toEqual([]);
    const [row] = await db.query<{ full_name_enc: string }>(
      `SELECT full_name_enc FROM survivors WHERE case_id = $1`,
      [c.id],
    );
    expect(row!.full_name_enc).not.toContain('Sửa');
    expect(
      await db.query(`SELECT 1 FROM audit_events WHERE action = 'case.updated' AND case_id = $1`, [c.id]),
    ).toHaveLength(1);
  });

  it('refuses a transition the workflow does not allow with 422 naming the allowed ones', async () => {
    const c = await open();
    const res = await req(supervisor, 'POST', `/api/v1/cases/${c.id}/transitions`, { to: 'in_progress' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('TRANSITION_NOT_ALLOWED');
    expect(res.body.details?.allowed).toEqual(['assessment', 'closed']);
    expect(res.body.message).toContain('assessment');
    const [row] = await db.query<{ status: string }>(`SELECT status FROM cases WHERE id = $1`, [c.id]);
    expect(row!.status).toBe('intake');
  });

  it('closes only with another person’s approval, a supervisor; the supervisors are told; reopens', async () => {
    const c = await open();
    await assignTo(c.id, counsellor);
    const path = `/api/v1/cases/${c.id}`;
    const noReason = await req(counsellor, 'POST', `${path}/transitions`, { to: 'closed' });
    expect(noReason.status).toBe(400);
    const asked = await req(counsellor, 'POST', `${path}/transitions`, {
      to: 'closed',
      reasonCode: 'goals_met',
      reasonText: 'Đã ổn định',
    });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ status: 'intake', closurePending: true });
    // the requester is no supervisor: 403; a supervisor who asked cannot approve their own request
    expect((await req(counsellor, 'POST', `${path}/closure/approve`, {})).status).toBe(403);
    const c2 = await open();
    await req(supervisor, 'POST', `/api/v1/cases/${c2.id}/transitions`, {
      to: 'closed',
      reasonCode: 'moved_away',
    });
    const self = await req(supervisor, 'POST', `/api/v1/cases/${c2.id}/closure/approve`, {});
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('CLOSURE_SELF_DECISION');
    expect(
      (await db.query<{ status: string }>(`SELECT status FROM cases WHERE id = $1`, [c.id]))[0]!.status,
    ).toBe('intake');
    const approved = await req(supervisor2, 'POST', `${path}/closure/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'closed', closurePending: false });
    const again = await req(supervisor2, 'POST', `${path}/closure/approve`, {});
    expect(again.status).toBe(409);

    await notified('closure_requested', c.id, [supervisor.id, supervisor2.id]);
    const reopened = await req(supervisor, 'POST', `${path}/transitions`, { to: 'reopened' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('reopened');
    const moves = await db.query<{ from_status: string | null; to_status: string }>(
      `SELECT from_status, to_status FROM case_transitions WHERE case_id = $1 ORDER BY at, id`,
      [c.id],
    );
    expect(moves.map((m) => m.to_status)).toEqual(['intake', 'closed', 'reopened']);
  });

  it('a supervisor assigns to a counsellor of the organisation, who is told once', async () => {
    const c = await open();
    const other = await req(supervisor, 'POST', `/api/v1/cases/${c.id}/assignment`, {
      assigneeId: counsellorB.id,
    });
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('CASE_ASSIGNEE_INVALID');
    const notCounsellor = await req(supervisor, 'POST', `/api/v1/cases/${c.id}/assignment`, {
      assigneeId: operator.id,
    });
    expect(notCounsellor.status).toBe(400);
    await assignTo(c.id, counsellor2);
    await notified('case_assigned', c.id, [counsellor2.id]);
    expect((await req(counsellor2, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(200);
    const history = await db.query(`SELECT assignee_id FROM case_assignments WHERE case_id = $1`, [c.id]);
    expect(history).toEqual([{ assignee_id: counsellor2.id }]);
  });

  it('break-glass: refused across organisations and on restricted cases, notified, and it expires', async () => {
    const c = await open();
    const path = `/api/v1/cases/${c.id}`;
    expect((await req(counsellor, 'GET', path)).status).toBe(404);
    expect((await req(counsellorB, 'POST', `${path}/break-glass`, { reasonText: REASON })).status).toBe(404);
    const short = await req(counsellor, 'POST', `${path}/break-glass`, { reasonText: 'ngắn' });
    expect(short.status).toBe(400);

    const restricted = await open();
    expect(
      (await req(supervisor, 'POST', `/api/v1/cases/${restricted.id}/restriction`, { restricted: true }))
        .status,
    ).toBe(200);
    expect((await req(supervisor2, 'GET', `/api/v1/cases/${restricted.id}`)).status).toBe(404);
    expect((await req(supervisor, 'GET', `/api/v1/cases/${restricted.id}`)).status).toBe(200);
    expect(
      (await req(counsellor, 'POST', `/api/v1/cases/${restricted.id}/break-glass`, { reasonText: REASON }))
        .status,
    ).toBe(404);

    const granted = await req(counsellor, 'POST', `${path}/break-glass`, { reasonText: REASON });
    expect(granted.status).toBe(201);
    expect((await req(counsellor, 'GET', path)).status).toBe(200);
    await notified('break_glass_used', c.id, [supervisor.id, supervisor2.id]);
    await db.query(
      `UPDATE break_glass_grants SET granted_at = now() - interval '5 hours', expires_at = now() - interval '1 hour'
        WHERE id = $1`,
      [granted.body.grantId],
    );
    expect((await req(counsellor, 'GET', path)).status).toBe(404);
  });

  it('every read and change of the file shows in its access log, with usernames', async () => {
    const c = await open(operator);
    const path = `/api/v1/cases/${c.id}`;
    await req(operator, 'GET', path);
    await req(supervisor, 'POST', `${path}/notes`, { text: 'Ghi chú riêng tư markerlog' });
    await req(supervisor2, 'GET', `${path}/notes`);
    await req(supervisor, 'PATCH', path, { version: 2, channel: 'walk_in' });
    await req(counsellorB, 'GET', path);
    const log = await req<LogLine[]>(supervisor, 'GET', `${path}/access-log`);
    expect(log.status).toBe(200);
    const lines = log.body.map((l) => `${l.action}:${l.username ?? ''}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        `case.created:${operator.username}`,
        `case.read:${operator.username}`,
        `case.note_added:${supervisor.username}`,
        `case.notes_read:${supervisor2.username}`,
        `case.updated:${supervisor.username}`,
        `access.denied:${counsellorB.username}`,
      ]),
    );
    expect(JSON.stringify(log.body)).not.toContain('markerlog');
    expect((await req(counsellor, 'GET', `${path}/access-log`)).status).toBe(404);
  });

  it('the access log: an auditor sees any case’s, the assigned counsellor her own, with display names and no content', async () => {
    const auditor = await createUser(db, { roles: ['auditor'], organizationId: orgB.id });
    const c = await open(operator);
    const path = `/api/v1/cases/${c.id}`;
    await assignTo(c.id, counsellor);
    await req(supervisor, 'POST', `${path}/notes`, { text: 'Ghi chú riêng tư markerauditor' });
    await req(supervisor2, 'GET', `${path}/notes`);

    const seenByAuditor = await req<LogLine[]>(auditor, 'GET', `${path}/access-log`);
    expect(seenByAuditor.status).toBe(200);
    expect(seenByAuditor.body.map((l) => `${l.action}:${l.displayName ?? ''}`)).toEqual(
      expect.arrayContaining([
        `case.created:${operator.displayName}`,
        `case.note_added:${supervisor.displayName}`,
        `case.notes_read:${supervisor2.displayName}`,
      ]),
    );
    expect(JSON.stringify(seenByAuditor.body)).not.toContain('markerauditor');
    // The log, never the file.
    expect((await req(auditor, 'GET', path)).status).toBe(404);
    expect((await req(auditor, 'GET', `${path}/notes`)).status).toBe(404);

    const seenByCounsellor = await req<LogLine[]>(counsellor, 'GET', `${path}/access-log`);
    expect(seenByCounsellor.status).toBe(200);
    expect(seenByCounsellor.body.map((l) => `${l.action}:${l.displayName ?? ''}`)).toContain(
      `case.notes_read:${supervisor2.displayName}`,
    );
    expect((await req(counsellor2, 'GET', `${path}/access-log`)).status).toBe(404);

    // Any case: a restricted one too.
    expect((await req(supervisor, 'POST', `${path}/restriction`, { restricted: true })).status).toBe(200);
    expect((await req(auditor, 'GET', `${path}/access-log`)).status).toBe(200);
  });

  it('a disabled counsellor’s open cases return to the queue and the supervisors are told once', async () => {
    const leaving = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    const one = await open();
    const two = await open();
    await assignTo(one.id, leaving);
    await assignTo(two.id, leaving);
    const off = await req(admin, 'PATCH', `/api/v1/users/${leaving.id}`, { disabled: true });
    expect(off.status).toBe(200);
    const rows = await eventually(
      () =>
        db.query<{ assignee_id: string | null }>(`SELECT assignee_id FROM cases WHERE id = ANY($1::uuid[])`, [
          [one.id, two.id],
        ]),
      (r) => r.every((x) => x.assignee_id === null),
      { what: 'the cases back in the queue' },
    );
    expect(rows).toEqual([{ assignee_id: null }, { assignee_id: null }]);
    for (const c of [one, two]) {
      await notified('case_unassigned', c.id, [supervisor.id, supervisor2.id]);
      const history = await db.query<{ assignee_id: string | null }>(
        `SELECT assignee_id FROM case_assignments WHERE case_id = $1 ORDER BY assigned_at, id`,
        [c.id],
      );
      expect(history.at(-1)).toEqual({ assignee_id: null });
    }
    const queue = await req<{ items: { id: string }[] }>(supervisor, 'GET', '/api/v1/cases?assignee=none');
    expect(queue.body.items.map((i) => i.id)).toEqual(expect.arrayContaining([one.id, two.id]));
  });
});
