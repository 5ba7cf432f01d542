import { randomUUID } from 'node:crypto';
import { eventually, RunningApi, RunningWorker, startApi, startWorker, testEnv } from '../support/app';
import { call, createOrganization, createUser, MANY_SIGN_INS, TestUser, tokenCache } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { intakePayload } from '../factories/cases';

interface Body {
  [key: string]: unknown;
  id: string;
  version: number;
  code: string;
  message: string;
  details?: { field?: string };
}

const MINIMUM = intakePayload();
const HIGH = { threats_to_kill: true, weapon_access: true };
const DAY = 24 * 3600_000;

describe('the case file: incidents, update of age and commune, notes, risk, consents, protection measures', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let worker: RunningWorker;
  let tokenOf: ReturnType<typeof tokenCache>;
  let supervisor: TestUser;
  let supervisor2: TestUser;
  let counsellor: TestUser;
  let counsellorB: TestUser;
  let operator: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' });
    api = await startApi(env);
    worker = await startWorker(env);
    tokenOf = tokenCache(api);
    const orgA = await createOrganization(db, { name: 'Trung tâm nội dung A' });
    const orgB = await createOrganization(db, { name: 'Trung tâm nội dung B' });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: orgA.id });
    supervisor2 = await createUser(db, { roles: ['supervisor'], organizationId: orgA.id });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    operator = await createUser(db, { roles: ['hotline_operator'], organizationId: orgA.id });
    counsellorB = await createUser(db, { roles: ['counsellor'], organizationId: orgB.id });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.drop();
  });

  const req = async <T = Body>(user: TestUser, method: string, path: string, body?: unknown) =>
    call<T & Body>(api, method, path, { token: await tokenOf(user), body });
  const open = async (body: unknown = MINIMUM, by: TestUser = supervisor): Promise<Body> => {
    const res = await req(by, 'POST', '/api/v1/cases', body);
    expect(res.status).toBe(201);
    return res.body;
  };
  const caseRow = async (id: string) =>
    (
      await db.query<{ context: string[]; version: number; risk_level: string | null }>(
        `SELECT context, version, risk_level FROM cases WHERE id = $1`,
        [id],
      )
    )[0]!;
  const audited = (id: string, action: string) =>
    db.query(`SELECT 1 FROM audit_events WHERE case_id = $1 AND action = $2`, [id, action]);

  describe('incidents', () => {
    it('adds an incident, lists newest first, recomputes the derived context and audits both', async () => {
      const c = await open({ ...MINIMUM, survivor: { sex: 'female', birthYear: 2012 } });
      expect((await caseRow(c.id)).context).toEqual([]);
      const added = await req(supervisor, 'POST', `/api/v1/cases/${c.id}/incidents`, {
        occurredOn: '2026-01',
        violenceTypes: ['sexual_assault'],
        perpetrator: { relationship: 'spouse', count: 1 },
      });
      expect(added.status).toBe(201);
      expect(added.body.context).toEqual(['intimate_partner_violence', 'child_sexual_abuse']);
      expect((await caseRow(c.id)).context).toEqual(['intimate_partner_violence', 'child_sexual_abuse']);
      expect((await caseRow(c.id)).version).toBe(2);

      const list = await call<
        { id: string; violenceTypes: string[]; perpetrator: { relationship?: string } }[]
      >(api, 'GET', `/api/v1/cases/${c.id}/incidents`, { token: await tokenOf(supervisor) });
      expect(list.status).toBe(200);
      expect(list.body.map((i) => i.violenceTypes)).toEqual([['sexual_assault'], ['physical_assault']]);
      expect(list.body[0]?.id).toBe(added.body.id);
      expect(list.body[0]?.perpetrator.relationship).toBe('spouse');
      expect(await audited(c.id, 'case.incident_added')).toHaveLength(1);
      expect(await audited(c.id, 'case.incidents_read')).toHaveLength(1);
    });

    it('refuses an incident as the intake does, naming the field, and writes nothing', async () => {
      const c = await open();
      const path = `/api/v1/cases/${c.id}/incidents`;
      const unknownType = await req(supervisor, 'POST', path, { violenceTypes: ['shouting'] });
      expect(unknownType.status).toBe(400);
      expect(unknownType.body.code).toBe('UNKNOWN_CATALOGUE_KEY');
      expect(unknownType.body.message).toContain('violenceTypes.0');
      const badCommune = await req(supervisor, 'POST', path, {
        violenceTypes: ['rape'],
        communeCode: '99999',
      });
      expect(badCommune.status).toBe(400);
      expect(badCommune.body.code).toBe('CASE_COMMUNE_UNKNOWN');
      const future = await req(supervisor, 'POST', path, {
        violenceTypes: ['rape'],
        occurredOn: `${new Date().getFullYear() + 1}-01-01`,
      });
      expect(future.status).toBe(400);
      expect(future.body.message).toContain('occurredOn');
      const none = await req(supervisor, 'POST', path, { violenceTypes: [] });
      expect(none.status).toBe(400);
      expect(await db.query(`SELECT 1 FROM incidents WHERE case_id = $1`, [c.id])).toHaveLength(1);
      expect((await caseRow(c.id)).version).toBe(1);
    });

    it('hides the incidents of a case the caller may not read (404)', async () => {
      const c = await open();
      expect((await req(counsellorB, 'GET', `/api/v1/cases/${c.id}/incidents`)).status).toBe(404);
      expect(
        (await req(counsellor, 'POST', `/api/v1/cases/${c.id}/incidents`, { violenceTypes: ['rape'] }))
          .status,
      ).toBe(404);
    });
  });

  describe('PATCH', () => {
    it('refuses a commune that is not in force, naming the field', async () => {
      const c = await open();
      const res = await req(supervisor, 'PATCH', `/api/v1/cases/${c.id}`, {
        version: 1,
        survivor: { communeCode: '99999' },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('CASE_COMMUNE_UNKNOWN');
      expect(res.body.message).toContain('survivor.communeCode');
      expect((await caseRow(c.id)).version).toBe(1);
    });

    it('recomputes the age group and the derived context from a changed birth year', async () => {
      const c = await open({
        ...MINIMUM,
        survivor: { sex: 'female', birthYear: 1990 },
        incident: { violenceTypes: ['rape'] },
      });
      const ageGroup = async () =>
        (
          await db.query<{ age_group: string | null }>(`SELECT age_group FROM survivors WHERE case_id = $1`, [
            c.id,
          ])
        )[0]?.age_group;
      expect(await ageGroup()).toBe('age_26_40');
      expect((await caseRow(c.id)).context).toEqual([]);
      const year = new Date().getFullYear() - 14;
      const res = await req(supervisor, 'PATCH', `/api/v1/cases/${c.id}`, {
        version: 1,
        survivor: { birthYear: year },
      });
      expect(res.status).toBe(200);
      expect(await ageGroup()).toBe('age_12_17');
      expect((await caseRow(c.id)).context).toEqual(['child_sexual_abuse']);
    });

    it('refuses a birth year in the future, naming the field, and changes nothing', async () => {
      const c = await open();
      const res = await req(supervisor, 'PATCH', `/api/v1/cases/${c.id}`, {
        version: 1,
        survivor: { birthYear: new Date().getFullYear() + 1 },
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('survivor.birthYear');
      expect((await caseRow(c.id)).version).toBe(1);
    });
  });

  describe('notes', () => {
    it('stores the note text encrypted: the marker is not in the row, and the list decrypts it', async () => {
      const c = await open();
      const marker = 'ghi-chu-danh-dau-ZX81';
      const added = await req(supervisor, 'POST', `/api/v1/cases/${c.id}/notes`, {
        text: `Bà ấy nói ${marker}`,
      });
      expect(added.status).toBe(201);
      const rows = await db.query(`SELECT * FROM notes WHERE case_id = $1`, [c.id]);
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(marker);
      const list = await call<{ text: string }[]>(api, 'GET', `/api/v1/cases/${c.id}/notes`, {
        token: await tokenOf(supervisor),
      });
      expect(list.body.map((n) => n.text)).toEqual([`Bà ấy nói ${marker}`]);
      expect(await audited(c.id, 'case.notes_read')).toHaveLength(1);
    });
  });

  describe('risk re-assessment', () => {
    const notifications = (caseId: string) =>
      db.query<{ recipient_id: string; n: string }>(
        `SELECT recipient_id, count(*)::text AS n FROM notifications WHERE type = 'case_high_risk' AND case_id = $1
          GROUP BY recipient_id ORDER BY recipient_id`,
        [caseId],
      );
    const relayed = () =>
      eventually(
        () => db.query(`SELECT 1 FROM outbox_events WHERE topic = 'case.high_risk' AND delivered_at IS NULL`),
        (r) => r.length === 0,
        { what: 'high-risk events relayed' },
      );
    const perSupervisor = (n: number) =>
      [supervisor.id, supervisor2.id].sort().map((recipient_id) => ({ recipient_id, n: String(n) }));

    it('scores the answers, stores the level, and a high level tells each supervisor once more', async () => {
      const c = await open();
      const low = await req(supervisor, 'POST', `/api/v1/cases/${c.id}/risk-assessments`, {
        answers: { threats_to_kill: false },
      });
      expect(low.status).toBe(201);
      expect({ score: low.body.score, level: low.body.level }).toEqual({ score: 0, level: 'low' });

      const high = await req(supervisor, 'POST', `/api/v1/cases/${c.id}/risk-assessments`, { answers: HIGH });
      expect({ score: high.body.score, level: high.body.level }).toEqual({ score: 7, level: 'high' });
      expect((await caseRow(c.id)).risk_level).toBe('high');
      await eventually(
        () => notifications(c.id),
        (r) => r.length === 2,
        { what: 'first alerts' },
      );
      await relayed();
      expect(await notifications(c.id)).toEqual(perSupervisor(1));

      await req(supervisor, 'POST', `/api/v1/cases/${c.id}/risk-assessments`, { answers: HIGH });
      await eventually(
        () => notifications(c.id),
        (r) => r.every((x) => x.n === '2'),
        { what: 'second alerts' },
      );
      await relayed();
      expect(await notifications(c.id)).toEqual(perSupervisor(2));
    });

    it('refuses an answer to a question that is not in the questionnaire, naming it', async () => {
      const c = await open();
      const res = await req(supervisor, 'POST', `/api/v1/cases/${c.id}/risk-assessments`, {
        answers: { threatens: true },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('RISK_ANSWER_UNKNOWN_ITEM');
      expect(await db.query(`SELECT 1 FROM risk_assessments WHERE case_id = $1`, [c.id])).toHaveLength(0);
    });
  });

  describe('consents', () => {
    it('records a consent, withdraws it once, and answers 409 to a second withdrawal', async () => {
      const c = await open();
      const given = await req(supervisor, 'POST', `/api/v1/cases/${c.id}/consents`, {
        purpose: 'referral',
        method: 'verbal',
        givenBy: 'survivor',
        sharedFields: ['riskLevel'],
      });
      expect(given.status).toBe(201);
      expect(given.body.withdrawnAt).toBeNull();
      const path = `/api/v1/cases/${c.id}/consents/${given.body.id}/withdraw`;
      const withdrawn = await req(supervisor, 'POST', path, { reasonText: 'Không muốn chia sẻ nữa' });
      expect(withdrawn.status).toBe(200);
      expect(typeof withdrawn.body.withdrawnAt).toBe('string');
      const again = await req(supervisor, 'POST', path, {});
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('CONSENT_ALREADY_WITHDRAWN');
      const [row] = await db.query<{ withdrawn_at: Date | null }>(
        `SELECT withdrawn_at FROM consents WHERE id = $1`,
        [given.body.id],
      );
      expect(row?.withdrawn_at?.toISOString()).toBe(withdrawn.body.withdrawnAt);
    });

    it('refuses a consent naming a provider that is not in the directory, naming the field', async () => {
      const c = await open();
      const res = await req(supervisor, 'POST', `/api/v1/cases/${c.id}/consents`, {
        purpose: 'referral',
        method: 'verbal',
        givenBy: 'survivor',
        providerIds: [randomUUID()],
        sharedFields: ['riskLevel'],
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CONSENT_PROVIDER_UNKNOWN');
      expect(res.body.message).toContain('providerIds.0');
      expect(await db.query(`SELECT 1 FROM consents WHERE case_id = $1`, [c.id])).toHaveLength(0);
    });
  });

  describe('protection measures', () => {
    it("refuses a commune chair's no-contact order longer than 3 days, naming the field", async () => {
      const c = await open();
      const start = Date.now() - DAY;
      const res = await req(supervisor, 'POST', `/api/v1/cases/${c.id}/protection-measures`, {
        type: 'no_contact_order_commune',
        requestedAt: new Date(start - 3600_000).toISOString(),
        decidedAt: new Date(start).toISOString(),
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 4 * DAY).toISOString(),
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('PROTECTION_MEASURE_TOO_LONG_DAYS');
      expect(res.body.message).toContain('endsAt');
      expect(await db.query(`SELECT 1 FROM protection_measures WHERE case_id = $1`, [c.id])).toHaveLength(0);
    });

    it("accepts a court's order of up to 4 months and writes protection_measure.recorded with ids only", async () => {
      const c = await open();
      const start = new Date(Date.now() - DAY);
      const end = new Date(start);
      end.setUTCMonth(end.getUTCMonth() + 4);
      end.setUTCDate(end.getUTCDate() - 1);
      const res = await req(supervisor, 'POST', `/api/v1/cases/${c.id}/protection-measures`, {
        type: 'no_contact_order_court',
        startsAt: start.toISOString(),
        endsAt: end.toISOString(),
        note: 'Ghi chú riêng tư về lệnh cấm tiếp xúc',
      });
      expect(res.status).toBe(201);
      const events = await db.query<{ payload: Record<string, unknown> }>(
        `SELECT payload FROM outbox_events WHERE topic = 'protection_measure.recorded' AND payload->>'caseId' = $1`,
        [c.id],
      );
      expect(events).toHaveLength(1);
      const payload = events[0]!.payload;
      expect(Object.keys(payload).sort()).toEqual(['caseId', 'measureId', 'organizationId']);
      expect(payload.measureId).toBe(res.body.id);
      expect(JSON.stringify(payload)).not.toContain('Ghi chú');
    });
  });

  it('lets the operator add an incident to the case they opened, within their 24 hours', async () => {
    const c = await open(MINIMUM, operator);
    const res = await req(operator, 'POST', `/api/v1/cases/${c.id}/incidents`, { violenceTypes: ['rape'] });
    expect(res.status).toBe(201);
  });
});
