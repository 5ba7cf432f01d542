import { randomUUID } from 'node:crypto';
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

interface Answer {
  id: string;
  status: string;
  closurePending: boolean;
  code: string;
  message: string;
  details?: { blockers?: { kind: string; id: string; status: string }[] };
}

const INTAKE = intakePayload({ survivor: { birthYear: 1990 } });
const DAY = 86_400_000;
const CLOSURE_TEXT = 'Người bị hại đã chuyển đến tỉnh khác';

/**
 * Closing a case ends what hangs on it (issue 12, case work 1): a referral accepted or in service, or a
 * protection measure in force, refuses the closure naming them (at the request and again at approval);
 * referrals still `sent` are cancelled with the closure's reason and their provider told; open
 * follow-ups are closed with it. Nothing stays open on a closed case.
 */
describe('closing a case with referrals, follow-ups and protection measures', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let worker: RunningWorker;
  let tokenOf: ReturnType<typeof tokenCache>;
  let centre: TestOrganization;
  let safeOrg: TestOrganization;
  let legalOrg: TestOrganization;
  let counsellor: TestUser;
  let supervisor: TestUser;
  let supervisor2: TestUser;
  let safeStaff: TestUser;
  let legalStaff: TestUser;
  let safeHouse: string;
  let legalAid: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' });
    api = await startApi(env);
    worker = await startWorker(env);
    tokenOf = tokenCache(api);
    centre = await createOrganization(db, { name: 'Trung tâm đóng ca' });
    safeOrg = await createOrganization(db, { name: 'Nhà tạm lánh đóng ca', type: 'safe_house' });
    legalOrg = await createOrganization(db, { name: 'Trợ giúp pháp lý đóng ca', type: 'legal_aid' });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
    supervisor2 = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
    safeStaff = await createUser(db, { roles: ['provider_staff'], organizationId: safeOrg.id });
    legalStaff = await createUser(db, { roles: ['provider_staff'], organizationId: legalOrg.id });
    safeHouse = await provider(safeOrg, 'safe_house', ['shelter'], 5);
    legalAid = await provider(legalOrg, 'legal_aid', ['legal_aid'], null);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.drop();
  });

  async function provider(
    org: TestOrganization,
    type: string,
    services: string[],
    capacity: number | null,
  ): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, capacity,
                              created_by)
       VALUES ($1, $2, $3, '01', '00004', $4, $5, $6) RETURNING id`,
      [`Nơi nhận ${randomUUID().slice(0, 8)}`, type, org.id, services, capacity, supervisor.id],
    );
    return row!.id;
  }

  const req = async <T = Answer>(user: TestUser, method: string, path: string, body?: unknown) =>
    call<T & Answer>(api, method, path, { token: await tokenOf(user), body });

  /** A case of the centre, assigned, with a consent for both providers. */
  const openCase = async (): Promise<string> => {
    const c = await req(supervisor, 'POST', '/api/v1/cases', INTAKE);
    expect(c.status).toBe(201);
    await req(supervisor, 'POST', `/api/v1/cases/${c.body.id}/assignment`, { assigneeId: counsellor.id });
    const consent = await req(counsellor, 'POST', `/api/v1/cases/${c.body.id}/consents`, {
      purpose: 'referral',
      method: 'verbal',
      givenBy: 'survivor',
      providerTypes: ['safe_house', 'legal_aid'],
    });
    expect(consent.status).toBe(201);
    return c.body.id;
  };
  const refer = async (caseId: string, providerId: string, services: string[]): Promise<string> => {
    const r = await req(counsellor, 'POST', `/api/v1/cases/${caseId}/referrals`, {
      providerId,
      services,
      urgency: 'urgent',
    });
    expect(r.status).toBe(201);
    return r.body.id;
  };
  const followUp = async (caseId: string): Promise<string> => {
    const f = await req(counsellor, 'POST', `/api/v1/cases/${caseId}/follow-ups`, {
      kind: 'call_back',
      dueAt: new Date(Date.now() + DAY).toISOString(),
    });
    expect(f.status).toBe(201);
    return f.body.id;
  };
  const askClosure = (caseId: string) =>
    req(counsellor, 'POST', `/api/v1/cases/${caseId}/transitions`, {
      to: 'closed',
      reasonCode: 'moved_away',
      reasonText: CLOSURE_TEXT,
    });
  const approve = (caseId: string) => req(supervisor2, 'POST', `/api/v1/cases/${caseId}/closure/approve`, {});
  const statusOf = async (table: string, id: string): Promise<string | undefined> =>
    (await db.query<{ status: string }>(`SELECT status FROM ${table} WHERE id = $1`, [id]))[0]?.status;

  it('cancels a sent referral with the closure reason (the provider is told) and closes open follow-ups', async () => {
    const caseId = await openCase();
    const sent = await refer(caseId, legalAid, ['legal_aid']);
    const task = await followUp(caseId);
    const asked = await askClosure(caseId);
    expect(asked.status).toBe(200);
    expect(asked.body.closurePending).toBe(true);
    const approved = await approve(caseId);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('closed');

    expect(await statusOf('referrals', sent)).toBe('cancelled');
    expect(await statusOf('follow_ups', task)).toBe('cancelled');
    const open = await db.query(
      `SELECT 1 FROM follow_ups WHERE case_id = $1 AND (status = 'open' OR next_reminder_at IS NOT NULL)
       UNION ALL SELECT 1 FROM referrals WHERE case_id = $1 AND status IN ('sent', 'accepted', 'in_service')`,
      [caseId],
    );
    expect(open).toEqual([]);
    // The provider reads the closure's reason (its code); the referring side also its text.
    type History = { history: { to: string; reasonCode: string | null; reasonText?: string | null }[] };
    const seen = await req<History>(legalStaff, 'GET', `/api/v1/referrals/${sent}`);
    expect(seen.status).toBe(200);
    expect(seen.body.history.find((h) => h.to === 'cancelled')?.reasonCode).toBe('moved_away');
    const ours = await req<History>(counsellor, 'GET', `/api/v1/referrals/${sent}`);
    expect(ours.body.history.find((h) => h.to === 'cancelled')).toMatchObject({
      reasonCode: 'moved_away',
      reasonText: CLOSURE_TEXT,
    });
    const told = await eventually(
      () =>
        db.query<{ recipient_id: string }>(
          `SELECT recipient_id FROM notifications WHERE type = 'referral_cancelled' AND referral_id = $1`,
          [sent],
        ),
      (rows) => rows.length > 0,
      { what: "the provider's staff told of the cancellation" },
    );
    expect(told.map((t) => t.recipient_id)).toContain(legalStaff.id);
    const audit = await db.query<{ action: string; reason_code: string }>(
      `SELECT action, reason_code FROM audit_events WHERE entity_id = $1 AND action = 'follow_up.cancelled'`,
      [task],
    );
    expect(audit).toEqual([{ action: 'follow_up.cancelled', reason_code: 'case_closed_moved_away' }]);
  });

  it('refuses the closure request while a referral is accepted or in service, naming it', async () => {
    const caseId = await openCase();
    const shelter = await refer(caseId, safeHouse, ['shelter']);
    expect((await req(safeStaff, 'POST', `/api/v1/referrals/${shelter}/accept`)).status).toBe(200);
    const accepted = await askClosure(caseId);
    expect(accepted.status).toBe(409);
    expect(accepted.body.code).toBe('CASE_CLOSURE_BLOCKED');
    expect(accepted.body.details?.blockers).toEqual([{ kind: 'referral', id: shelter, status: 'accepted' }]);
    expect(accepted.body.message).toContain(shelter);
    expect((await req(safeStaff, 'POST', `/api/v1/referrals/${shelter}/start`)).status).toBe(200);
    const inService = await askClosure(caseId);
    expect(inService.status).toBe(409);
    expect(inService.body.details?.blockers).toEqual([
      { kind: 'referral', id: shelter, status: 'in_service' },
    ]);
    const [c] = await db.query<{ closure_requested_by: string | null }>(
      `SELECT closure_requested_by FROM cases WHERE id = $1`,
      [caseId],
    );
    expect(c?.closure_requested_by).toBeNull();
    expect(await db.query(`SELECT 1 FROM closure_requests WHERE case_id = $1`, [caseId])).toEqual([]);
    // Once the stay has ended, the case may close.
    expect(
      (await req(safeStaff, 'POST', `/api/v1/referrals/${shelter}/complete`, { outcome: 'completed' }))
        .status,
    ).toBe(200);
    expect((await askClosure(caseId)).status).toBe(200);
    expect((await approve(caseId)).body.status).toBe('closed');
  });

  it('checks again at approval: a referral accepted since the request refuses it, nothing is cancelled', async () => {
    const caseId = await openCase();
    const shelter = await refer(caseId, safeHouse, ['shelter']);
    const other = await refer(caseId, legalAid, ['legal_aid']);
    const task = await followUp(caseId);
    expect((await askClosure(caseId)).status).toBe(200);
    expect((await req(safeStaff, 'POST', `/api/v1/referrals/${shelter}/accept`)).status).toBe(200);
    const refused = await approve(caseId);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CASE_CLOSURE_BLOCKED');
    expect(refused.body.details?.blockers).toEqual([{ kind: 'referral', id: shelter, status: 'accepted' }]);
    expect(await statusOf('cases', caseId)).not.toBe('closed');
    expect(await statusOf('referrals', other)).toBe('sent');
    expect(await statusOf('follow_ups', task)).toBe('open');
    // The request still waits: the supervisor may reject it.
    expect((await req(supervisor2, 'POST', `/api/v1/cases/${caseId}/closure/reject`, {})).status).toBe(200);
  });

  it('refuses closure while a protection measure is in force, not once it has ended', async () => {
    const caseId = await openCase();
    const start = Date.now() - DAY;
    const measure = await req(counsellor, 'POST', `/api/v1/cases/${caseId}/protection-measures`, {
      type: 'no_contact_order_court',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 30 * DAY).toISOString(),
    });
    expect(measure.status).toBe(201);
    const refused = await askClosure(caseId);
    expect(refused.status).toBe(409);
    expect(refused.body.details?.blockers).toEqual([
      { kind: 'protection_measure', id: measure.body.id, status: 'in_force' },
    ]);
    const other = await openCase();
    const ended = await req(counsellor, 'POST', `/api/v1/cases/${other}/protection-measures`, {
      type: 'no_contact_order_court',
      startsAt: new Date(start - 20 * DAY).toISOString(),
      endsAt: new Date(start - 10 * DAY).toISOString(),
    });
    expect(ended.status).toBe(201);
    expect((await askClosure(other)).status).toBe(200);
  });
});
