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
import type { ErrorBody as ApiErrorBody } from '../support/error-body';
import { intakePayload } from '../factories/cases';

type ErrorBody = ApiErrorBody<
  { allowed?: string[]; referralId?: string; notOffered?: string[] } | { field: string }[]
>;
interface History {
  from: string | null;
  to: string;
  actorId: string;
  at: string;
  reasonCode: string | null;
  reasonText?: string | null;
}
interface Answer {
  id: string;
  status: string;
  dueBy: string;
  sentAt: string;
  reference: string;
  consentId: string | null;
  emergencyOverride: boolean;
  version: number;
  stayId?: string;
  survivor: Record<string, unknown>;
  note: string | null;
  services: string[];
  servicesProvided: string[];
  completedOn: string | null;
  history: History[];
  items: Answer[];
}

/** Marker strings planted in free text: none may reach an outbox payload or a notification title. */
const NAME_MARK = 'Nguyễn Thị MARKERNAME';
const NOTE_MARK = 'ghi chú MARKERNOTE cho nơi nhận';
const OVERRIDE_MARK = 'Người bị hại đang gặp nguy hiểm ngay lúc này MARKEROVERRIDE';
const MARKS = ['MARKERNAME', 'MARKERNOTE', 'MARKEROVERRIDE', 'MARKERREASON'];

const INTAKE = intakePayload({
  survivor: { fullName: NAME_MARK, phones: ['0912 345 678'], birthYear: 1990 },
});

describe('referrals: consent, override, views, the life of a referral', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let worker: RunningWorker;
  let tokenOf: ReturnType<typeof tokenCache>;
  let centre: TestOrganization;
  let otherCentre: TestOrganization;
  let safeOrg: TestOrganization;
  let legalOrg: TestOrganization;
  let counsellor: TestUser;
  let supervisor: TestUser;
  let supervisor2: TestUser;
  let otherCounsellor: TestUser;
  let otherStaff: TestUser;
  let safeStaff: TestUser;
  let safeSupervisor: TestUser;
  let legalStaff: TestUser;
  let safeHouse: string;
  let legalAid: string;
  let closedProvider: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' });
    api = await startApi(env);
    worker = await startWorker(env);
    tokenOf = tokenCache(api);
    centre = await createOrganization(db, { name: 'Trung tâm chuyển gửi' });
    otherCentre = await createOrganization(db, { name: 'Trung tâm khác' });
    safeOrg = await createOrganization(db, { name: 'Nhà tạm lánh thử', type: 'safe_house' });
    legalOrg = await createOrganization(db, { name: 'Trợ giúp pháp lý thử', type: 'legal_aid' });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
    supervisor2 = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
    otherCounsellor = await createUser(db, { roles: ['counsellor'], organizationId: otherCentre.id });
    otherStaff = await createUser(db, { roles: ['provider_staff'], organizationId: otherCentre.id });
    safeStaff = await createUser(db, { roles: ['provider_staff'], organizationId: safeOrg.id });
    safeSupervisor = await createUser(db, { roles: ['supervisor'], organizationId: safeOrg.id });
    legalStaff = await createUser(db, { roles: ['provider_staff'], organizationId: legalOrg.id });
    safeHouse = await provider(safeOrg, 'safe_house', ['shelter', 'psychological_counselling'], 5);
    legalAid = await provider(legalOrg, 'legal_aid', ['legal_aid'], null);
    closedProvider = await provider(legalOrg, 'legal_aid', ['legal_aid'], null, false);
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
    accepting = true,
  ): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, capacity,
                              accepting_referrals, created_by)
       VALUES ($1, $2, $3, '01', '00004', $4, $5, $6, $7) RETURNING id`,
      [`Nơi nhận ${randomUUID().slice(0, 8)}`, type, org.id, services, capacity, accepting, supervisor.id],
    );
    return row!.id;
  }

  const req = async <T = Answer>(
    user: TestUser,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => call<T & ErrorBody>(api, method, path, { token: await tokenOf(user), body, headers });

  /** A case of the centre, assigned to the counsellor. */
  const openCase = async (): Promise<{ id: string; reference: string }> => {
    const c = await req<{ id: string; reference: string }>(supervisor, 'POST', '/api/v1/cases', INTAKE);
    expect(c.status).toBe(201);
    const a = await req(supervisor, 'POST', `/api/v1/cases/${c.body.id}/assignment`, {
      assigneeId: counsellor.id,
    });
    expect(a.status).toBe(200);
    return c.body;
  };
  const consent = async (caseId: string, extra: Record<string, unknown>): Promise<string> => {
    const res = await req(counsellor, 'POST', `/api/v1/cases/${caseId}/consents`, {
      purpose: 'referral',
      method: 'verbal',
      givenBy: 'survivor',
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const refer = (caseId: string, body: Record<string, unknown>, by: TestUser = counsellor) =>
    req(by, 'POST', `/api/v1/cases/${caseId}/referrals`, {
      services: ['shelter'],
      urgency: 'urgent',
      providerId: safeHouse,
      ...body,
    });
  const referred = async (caseId: string, body: Record<string, unknown> = {}): Promise<Answer> => {
    const res = await refer(caseId, body);
    expect(res.status).toBe(201);
    return res.body;
  };
  const step = (user: TestUser, id: string, name: string, body: unknown = {}) =>
    req(user, 'POST', `/api/v1/referrals/${id}/${name}`, body);
  const relayedAll = () =>
    eventually(
      () =>
        db.query(
          `SELECT 1 FROM outbox_events WHERE delivered_at IS NULL
              AND topic NOT IN ('protection_measure.recorded', 'referral.emergency_override')`,
        ),
      (r) => r.length === 0,
      { what: 'every event relayed' },
    );
  const notificationsOf = (type: string, referralId: string) =>
    db.query<{ recipient_id: string; title: string }>(
      `SELECT recipient_id, title FROM notifications WHERE type = $1 AND referral_id = $2 ORDER BY recipient_id`,
      [type, referralId],
    );

  describe('consent', () => {
    it('refuses a referral without a covering consent (422 CONSENT_REQUIRED) and after its withdrawal', async () => {
      const c = await openCase();
      const none = await refer(c.id, {});
      expect(none.status).toBe(422);
      expect(none.body.code).toBe('CONSENT_REQUIRED');
      // A consent for another provider, or another purpose, does not cover it.
      await consent(c.id, { providerIds: [legalAid], sharedFields: ['fullName'] });
      expect((await refer(c.id, {})).body.code).toBe('CONSENT_REQUIRED');
      const consentId = await consent(c.id, { providerTypes: ['safe_house'], sharedFields: ['fullName'] });
      const w = await req(counsellor, 'POST', `/api/v1/cases/${c.id}/consents/${consentId}/withdraw`, {});
      expect(w.status).toBe(200);
      const after = await refer(c.id, {});
      expect(after.status).toBe(422);
      expect(after.body.code).toBe('CONSENT_REQUIRED');
      const named = await refer(c.id, { consentId });
      expect(named.status).toBe(422);
      expect(named.body.code).toBe('CONSENT_REQUIRED');
      expect(await db.query(`SELECT 1 FROM referrals WHERE case_id = $1`, [c.id])).toEqual([]);
    });

    it('refuses a consent of another case (422 CONSENT_OF_ANOTHER_CASE)', async () => {
      const a = await openCase();
      const b = await openCase();
      const ofB = await consent(b.id, { providerIds: [safeHouse], sharedFields: ['fullName'] });
      const res = await refer(a.id, { consentId: ofB });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CONSENT_OF_ANOTHER_CASE');
    });

    it('finds the newest covering consent when none is named', async () => {
      const c = await openCase();
      await consent(c.id, { providerTypes: ['safe_house'], sharedFields: ['riskLevel'] });
      const newest = await consent(c.id, { providerIds: [safeHouse], sharedFields: ['fullName'] });
      const sent = await referred(c.id);
      expect(sent).toMatchObject({ status: 'sent', consentId: newest, emergencyOverride: false });
    });
  });

  describe('bad input', () => {
    it('names the provider, the services, the urgency and the override', async () => {
      const c = await openCase();
      await consent(c.id, { providerTypes: ['safe_house', 'legal_aid'], sharedFields: [] });
      const unknown = await refer(c.id, { providerId: randomUUID() });
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('REFERRAL_PROVIDER_UNKNOWN');
      expect(unknown.body.message).toContain('providerId');
      const closed = await refer(c.id, { providerId: closedProvider, services: ['legal_aid'] });
      expect(closed.status).toBe(422);
      expect(closed.body.code).toBe('PROVIDER_NOT_ACCEPTING');
      const notOffered = await refer(c.id, { services: ['shelter', 'medical_care'] });
      expect(notOffered.status).toBe(422);
      expect(notOffered.body.code).toBe('REFERRAL_SERVICE_NOT_OFFERED');
      expect(notOffered.body.message).toContain('medical_care');
      const badService = await refer(c.id, { services: ['massage'] });
      expect(badService.status).toBe(400);
      expect(badService.body.code).toBe('UNKNOWN_CATALOGUE_KEY');
      expect(badService.body.message).toContain('services.0');
      const badUrgency = await refer(c.id, { urgency: 'whenever' });
      expect(badUrgency.status).toBe(400);
      expect(badUrgency.body.message).toContain('urgency');
      const overrideNotEmergency = await refer(c.id, { emergencyOverride: { reasonText: OVERRIDE_MARK } });
      expect(overrideNotEmergency.status).toBe(422);
      expect(overrideNotEmergency.body.code).toBe('REFERRAL_OVERRIDE_NOT_EMERGENCY');
      const shortReason = await refer(c.id, {
        urgency: 'emergency',
        emergencyOverride: { reasonText: 'gấp' },
      });
      expect(shortReason.status).toBe(400);
      expect(shortReason.body.code).toBe('REFERRAL_OVERRIDE_REASON_TOO_SHORT');
    });

    it('refuses a second open referral for the same service (409 naming it), replays an Idempotency-Key', async () => {
      const c = await openCase();
      await consent(c.id, { providerIds: [safeHouse], sharedFields: [] });
      const key = { 'idempotency-key': `ref-${randomUUID()}` };
      const body = { providerId: safeHouse, services: ['shelter'], urgency: 'routine' };
      const first = await req(counsellor, 'POST', `/api/v1/cases/${c.id}/referrals`, body, key);
      const again = await req(counsellor, 'POST', `/api/v1/cases/${c.id}/referrals`, body, key);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
      const double = await req(counsellor, 'POST', `/api/v1/cases/${c.id}/referrals`, body);
      expect(double.status).toBe(409);
      expect(double.body.code).toBe('REFERRAL_ALREADY_OPEN');
      expect(double.body.details).toMatchObject({ referralId: first.body.id });
      const rows = await db.query(`SELECT id FROM referrals WHERE case_id = $1`, [c.id]);
      expect(rows).toHaveLength(1);
      const due = new Date(first.body.dueBy).getTime() - new Date(first.body.sentAt).getTime();
      expect(due).toBe(72 * 3_600_000);
    });
  });

  describe('emergency override', () => {
    it('sends without consent, alerts the referring supervisors once, writes the override event', async () => {
      const c = await openCase();
      const res = await refer(c.id, {
        urgency: 'emergency',
        emergencyOverride: { reasonText: OVERRIDE_MARK },
        note: NOTE_MARK,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'sent', consentId: null, emergencyOverride: true });
      const id = res.body.id;
      expect(new Date(res.body.dueBy).getTime() - new Date(res.body.sentAt).getTime()).toBe(3_600_000);
      const [event] = await db.query<{ payload: Record<string, unknown> }>(
        `SELECT payload FROM outbox_events WHERE topic = 'referral.emergency_override' AND payload->>'referralId' = $1`,
        [id],
      );
      expect(event?.payload).toEqual({
        referralId: id,
        caseId: c.id,
        organizationId: centre.id,
        reference: c.reference,
        referredBy: counsellor.id,
        dueBy: res.body.dueBy,
      });
      await eventually(
        () => notificationsOf('emergency_referral', id),
        (r) => r.length >= 2,
        { what: 'the emergency_referral notifications' },
      );
      await relayedAll();
      const alerts = await notificationsOf('emergency_referral', id);
      expect(alerts.map((n) => n.recipient_id)).toEqual([supervisor.id, supervisor2.id].sort());
      const [stored] = await db.query<{ override_reason_enc: string; note_enc: string }>(
        `SELECT override_reason_enc, note_enc FROM referrals WHERE id = $1`,
        [id],
      );
      expect(stored!.override_reason_enc).not.toContain('MARKER');
      expect(stored!.note_enc).not.toContain('MARKER');
      const audit = await db.query(
        `SELECT 1 FROM audit_events WHERE action = 'referral.emergency_override' AND entity_id = $1
            AND reason_code = 'emergency_override' AND reason_text_enc IS NOT NULL`,
        [id],
      );
      expect(audit).toHaveLength(1);
      // The provider sees no survivor field: there is no consent.
      const view = await req(safeStaff, 'GET', `/api/v1/referrals/${id}`);
      expect(view.status).toBe(200);
      expect(view.body.survivor).toEqual({});
      expect(view.body.note).toBe(NOTE_MARK);
    });

    it('uses a covering consent when there is one: no override, no alert, the consented fields shared', async () => {
      const c = await openCase();
      const consentId = await consent(c.id, { providerIds: [safeHouse], sharedFields: ['riskLevel'] });
      const res = await refer(c.id, {
        urgency: 'emergency',
        emergencyOverride: { reasonText: OVERRIDE_MARK },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'sent', consentId, emergencyOverride: false });
      const events = await db.query(
        `SELECT 1 FROM outbox_events WHERE topic = 'referral.emergency_override' AND payload->>'referralId' = $1`,
        [res.body.id],
      );
      expect(events).toHaveLength(0);
      const view = await req(safeStaff, 'GET', `/api/v1/referrals/${res.body.id}`);
      expect(Object.keys(view.body.survivor)).toEqual(['riskLevel']);
    });
  });

  describe("the provider's view", () => {
    it('has exactly the consented fields; a withdrawal hides them at once; the reads are in the access log', async () => {
      const c = await openCase();
      const sharedFields = ['fullName', 'phones', 'riskLevel'];
      const consentId = await consent(c.id, { providerIds: [safeHouse], sharedFields });
      const sent = await referred(c.id, { note: NOTE_MARK });
      const view = await req(safeStaff, 'GET', `/api/v1/referrals/${sent.id}`);
      expect(view.status).toBe(200);
      expect(Object.keys(view.body.survivor).sort()).toEqual([...sharedFields].sort());
      expect(view.body.survivor).toMatchObject({ fullName: NAME_MARK, phones: ['+84912345678'] });
      expect(view.body).toMatchObject({
        id: sent.id,
        reference: c.reference,
        status: 'sent',
        services: ['shelter'],
        urgency: 'urgent',
        note: NOTE_MARK,
        dueBy: sent.dueBy,
      });
      expect(Object.keys(view.body)).toEqual(
        expect.arrayContaining([
          'id',
          'reference',
          'status',
          'services',
          'urgency',
          'note',
          'dueBy',
          'survivor',
        ]),
      );
      expect(view.body).not.toHaveProperty('caseId');
      expect(view.body).not.toHaveProperty('consentId');
      const bySupervisor = await req(safeSupervisor, 'GET', `/api/v1/referrals/${sent.id}`);
      expect(Object.keys(bySupervisor.body.survivor).sort()).toEqual([...sharedFields].sort());

      const log = await req<{ userId: string; action: string }[]>(
        supervisor,
        'GET',
        `/api/v1/cases/${c.id}/access-log`,
      );
      expect(log.status).toBe(200);
      const reads = log.body.filter((l) => l.action === 'referral.read_shared');
      expect(reads.map((r) => r.userId).sort()).toEqual([safeStaff.id, safeSupervisor.id].sort());

      const w = await req(counsellor, 'POST', `/api/v1/cases/${c.id}/consents/${consentId}/withdraw`, {});
      expect(w.status).toBe(200);
      const hidden = await req(safeStaff, 'GET', `/api/v1/referrals/${sent.id}`);
      expect(hidden.status).toBe(200);
      expect(hidden.body.survivor).toEqual({});
      // The referrer's free-text note speaks of the survivor: hidden with the fields, kept for the referrer.
      expect(hidden.body.note).toBeNull();
      expect(JSON.stringify(hidden.body)).not.toContain('MARKERNOTE');
      expect((await req(counsellor, 'GET', `/api/v1/referrals/${sent.id}`)).body.note).toBe(NOTE_MARK);
      const count = await db.query(
        `SELECT 1 FROM audit_events WHERE action = 'referral.read_shared' AND entity_id = $1`,
        [sent.id],
      );
      expect(count).toHaveLength(2);
    });

    it('is 404 to staff of another organisation, on GET and on accept; the referrer cannot accept', async () => {
      const c = await openCase();
      await consent(c.id, { providerIds: [safeHouse], sharedFields: ['fullName'] });
      const sent = await referred(c.id);
      for (const user of [otherStaff, legalStaff, otherCounsellor]) {
        expect((await req(user, 'GET', `/api/v1/referrals/${sent.id}`)).status).toBe(404);
        expect((await step(user, sent.id, 'accept')).status).toBe(404);
      }
      // The referring side may read the referral but not answer it: referral.read hides it (404).
      const byReferrer = await step(counsellor, sent.id, 'accept');
      expect(byReferrer.status).toBe(404);
      const cancelByProvider = await step(safeStaff, sent.id, 'cancel', { reasonText: 'không' });
      expect(cancelByProvider.status).toBe(404);
      expect((await req(counsellor, 'GET', `/api/v1/referrals/${randomUUID()}`)).status).toBe(404);
      // The referring side reads its own view: no survivor fields, the consent and the note.
      const mine = await req(counsellor, 'GET', `/api/v1/referrals/${sent.id}`);
      expect(mine.status).toBe(200);
      expect(mine.body).not.toHaveProperty('survivor');
      expect(mine.body).toMatchObject({ id: sent.id, caseId: c.id, status: 'sent', providerId: safeHouse });
    });

    it('tells the recipient organisation’s provider staff and supervisors (referral_received)', async () => {
      const c = await openCase();
      await consent(c.id, { providerIds: [safeHouse], sharedFields: [] });
      const sent = await referred(c.id);
      await eventually(
        () => notificationsOf('referral_received', sent.id),
        (r) => r.length >= 2,
        { what: 'referral_received' },
      );
      await relayedAll();
      const got = await notificationsOf('referral_received', sent.id);
      expect(got.map((n) => n.recipient_id)).toEqual([safeStaff.id, safeSupervisor.id].sort());
      expect(got[0]!.title).toContain(c.reference);
      expect(await notificationsOf('emergency_referral', sent.id)).toEqual([]);
      const box = await req(safeStaff, 'GET', '/api/v1/referrals?box=incoming&limit=100');
      expect(box.status).toBe(200);
      expect(box.body.items.map((i) => i.id)).toContain(sent.id);
      expect(box.body.items.every((i) => !('survivor' in i))).toBe(true);
      const other = await req(legalStaff, 'GET', '/api/v1/referrals?box=incoming');
      expect(other.body.items.map((i) => i.id)).not.toContain(sent.id);
      const out = await req(counsellor, 'GET', '/api/v1/referrals?box=outgoing&status=sent&limit=100');
      expect(out.status).toBe(200);
      expect(out.body.items.map((i) => i.id)).toContain(sent.id);
      expect((await req(otherCounsellor, 'GET', '/api/v1/referrals?box=outgoing')).body.items).toEqual([]);
    });
  });

  describe('the life of a referral', () => {
    it('sent → accepted → in_service → completed, with the stay, servicesProvided and the history', async () => {
      const c = await openCase();
      await consent(c.id, { providerIds: [safeHouse], sharedFields: [] });
      const sent = await referred(c.id, { services: ['shelter', 'psychological_counselling'] });
      const accepted = await step(safeStaff, sent.id, 'accept');
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', version: 2 });
      const started = await step(safeStaff, sent.id, 'start');
      expect(started.body).toMatchObject({ status: 'in_service', version: 3 });
      expect(started.body.stayId).toEqual(expect.any(String));
      const stays = await req<{ items: { id: string; status: string; referralId: string }[] }>(
        safeStaff,
        'GET',
        `/api/v1/providers/${safeHouse}/stays?current=true`,
      );
      expect(stays.status).toBe(200);
      expect(stays.body.items).toContainEqual(
        expect.objectContaining({ id: started.body.stayId, referralId: sent.id, status: 'in_residence' }),
      );
      const done = await step(safeStaff, sent.id, 'complete', {
        outcome: 'completed',
        servicesProvided: ['shelter'],
      });
      expect(done.status).toBe(200);
      expect(done.body.status).toBe('completed');
      const view = await req(counsellor, 'GET', `/api/v1/referrals/${sent.id}`);
      expect(view.body).toMatchObject({ status: 'completed', servicesProvided: ['shelter'] });
      expect(view.body.completedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(view.body.history.map((h) => [h.from, h.to, h.actorId])).toEqual([
        [null, 'sent', counsellor.id],
        ['sent', 'accepted', safeStaff.id],
        ['accepted', 'in_service', safeStaff.id],
        ['in_service', 'completed', safeStaff.id],
      ]);
      const [stay] = await db.query<{ discharged_at: Date | null; discharged_by: string | null }>(
        `SELECT discharged_at, discharged_by FROM stays WHERE referral_id = $1`,
        [sent.id],
      );
      expect(stay?.discharged_at).not.toBeNull();
      expect(stay?.discharged_by).toBe(safeStaff.id);
      await eventually(
        () => notificationsOf('referral_closed', sent.id),
        (r) => r.length >= 1,
        { what: 'referral_closed' },
      );
      await relayedAll();
      expect((await notificationsOf('referral_accepted', sent.id)).map((n) => n.recipient_id)).toEqual([
        counsellor.id,
      ]);
      const list = await req(supervisor, 'GET', `/api/v1/cases/${c.id}/referrals`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((i) => i.id)).toEqual([sent.id]);
    });

    it('completed defaults servicesProvided to the services asked and refuses a completedOn in the future', async () => {
      const c = await openCase();
      await consent(c.id, { providerIds: [legalAid], sharedFields: [] });
      const sent = await referred(c.id, { providerId: legalAid, services: ['legal_aid'] });
      await step(legalStaff, sent.id, 'accept');
      expect((await step(legalStaff, sent.id, 'start')).body.stayId).toBeUndefined();
      const future = await step(legalStaff, sent.id, 'complete', {
        outcome: 'completed',
        completedOn: '2999-01-01',
      });
      expect(future.status).toBe(400);
      expect(future.body.code).toBe('DATE_IN_FUTURE');
      const done = await step(legalStaff, sent.id, 'complete', { outcome: 'completed' });
      expect(done.status).toBe(200);
      const [row] = await db.query<{ services_provided: string[] }>(
        `SELECT services_provided FROM referrals WHERE id = $1`,
        [sent.id],
      );
      expect(row?.services_provided).toEqual(['legal_aid']);
    });

    it('declines with a reason (required), visible to the referring side', async () => {
      const c = await openCase();
      await consent(c.id, { providerIds: [safeHouse], sharedFields: [] });
      const sent = await referred(c.id);
      const noReason = await step(safeStaff, sent.id, 'decline', {});
      expect(noReason.status).toBe(400);
      const declined = await step(safeStaff, sent.id, 'decline', { reasonText: 'Hết chỗ MARKERREASON' });
      expect(declined.body.status).toBe('declined');
      const view = await req(counsellor, 'GET', `/api/v1/referrals/${sent.id}`);
      expect(view.body.history[1]).toMatchObject({
        from: 'sent',
        to: 'declined',
        actorId: safeStaff.id,
        reasonText: 'Hết chỗ MARKERREASON',
      });
      const providerView = await req(safeStaff, 'GET', `/api/v1/referrals/${sent.id}`);
      expect(providerView.body.history[1]).not.toHaveProperty('reasonText');
    });

    it('is cancelled by the referrer only from sent; a move not allowed names the allowed ones', async () => {
      const c = await openCase();
      await consent(c.id, { providerIds: [safeHouse], sharedFields: [] });
      const sent = await referred(c.id);
      const skip = await step(safeStaff, sent.id, 'start');
      expect(skip.status).toBe(422);
      expect(skip.body.code).toBe('REFERRAL_TRANSITION_NOT_ALLOWED');
      expect(skip.body.details).toMatchObject({ allowed: ['accepted', 'declined'] });
      expect(skip.body.message).toContain('accepted, declined');
      const cancelled = await step(counsellor, sent.id, 'cancel', { reasonText: 'Người bị hại đã an toàn' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      const again = await step(counsellor, sent.id, 'cancel', { reasonText: 'lần nữa' });
      expect(again.status).toBe(422);
      expect(again.body.details).toMatchObject({ allowed: [] });
      const late = await step(safeStaff, sent.id, 'accept');
      expect(late.status).toBe(422);
      await eventually(
        () => notificationsOf('referral_cancelled', sent.id),
        (r) => r.length >= 2,
        { what: 'referral_cancelled to the provider' },
      );

      const other = await openCase();
      await consent(other.id, { providerIds: [safeHouse], sharedFields: [] });
      const accepted = await referred(other.id);
      await step(safeStaff, accepted.id, 'accept');
      const tooLate = await step(counsellor, accepted.id, 'cancel', { reasonText: 'muộn' });
      expect(tooLate.status).toBe(422);
      expect(tooLate.body.details).toMatchObject({ allowed: [] });
    });

    it('not_completed from accepted frees the held bed (with a reason)', async () => {
      const before = await req<{ held: number; occupied: number; capacity: number; free: number }>(
        safeStaff,
        'GET',
        `/api/v1/providers/${safeHouse}/occupancy`,
      );
      expect(before.status).toBe(200);
      const c = await openCase();
      await consent(c.id, { providerIds: [safeHouse], sharedFields: [] });
      const sent = await referred(c.id);
      await step(safeStaff, sent.id, 'accept');
      const held = await req<{ held: number }>(safeStaff, 'GET', `/api/v1/providers/${safeHouse}/occupancy`);
      expect(held.body.held).toBe(before.body.held + 1);
      const noReason = await step(safeStaff, sent.id, 'complete', { outcome: 'not_completed' });
      expect(noReason.status).toBe(400);
      expect(noReason.body.code).toBe('REFERRAL_REASON_REQUIRED');
      const res = await step(safeStaff, sent.id, 'complete', {
        outcome: 'not_completed',
        reasonText: 'Người bị hại không đến',
      });
      expect(res.body.status).toBe('not_completed');
      const after = await req<{ held: number; free: number }>(
        safeStaff,
        'GET',
        `/api/v1/providers/${safeHouse}/occupancy`,
      );
      expect(after.body).toMatchObject({ held: before.body.held, free: before.body.free });
      const view = await req(counsellor, 'GET', `/api/v1/referrals/${sent.id}`);
      expect(view.body.history.map((h) => h.to)).toEqual(['sent', 'accepted', 'not_completed']);
    });

    it('replays a retried accept with the same Idempotency-Key instead of refusing it', async () => {
      const c = await openCase();
      await consent(c.id, { providerIds: [safeHouse], sharedFields: [] });
      const sent = await referred(c.id);
      const key = { 'idempotency-key': `acc-${randomUUID()}` };
      const first = await req(safeStaff, 'POST', `/api/v1/referrals/${sent.id}/accept`, undefined, key);
      const retry = await req(safeStaff, 'POST', `/api/v1/referrals/${sent.id}/accept`, undefined, key);
      expect(first.status).toBe(200);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      const transitions = await db.query(
        `SELECT 1 FROM referral_transitions WHERE referral_id = $1 AND to_status = 'accepted'`,
        [sent.id],
      );
      expect(transitions).toHaveLength(1);
    });
  });

  it('puts no planted marker in any outbox payload or notification title', async () => {
    await relayedAll();
    const payloads = await db.query<{ text: string }>(`SELECT payload::text AS text FROM outbox_events`);
    const titles = await db.query<{ text: string }>(`SELECT title AS text FROM notifications`);
    expect(payloads.length).toBeGreaterThan(0);
    expect(titles.length).toBeGreaterThan(0);
    for (const { text } of [...payloads, ...titles]) {
      for (const mark of MARKS) expect(text).not.toContain(mark);
    }
  });
});
