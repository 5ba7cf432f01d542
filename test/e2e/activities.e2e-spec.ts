import { randomUUID } from 'node:crypto';
import { ActivityMeasures, parsePeriod } from '../../src/modules/activities';
import type { Period } from '../../src/modules/activities';
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

interface ActivityBody {
  id: string;
  kind: string;
  project: number;
  model: number | null;
  title: string;
  date: string;
  provinceCode: string;
  communeCode: string | null;
  organizationId: string;
  audience: string[];
  participants: { female: number; male: number; other: number };
  youthParticipants: number | null;
  residentialClustersReached: number | null;
  version: number;
  notes?: string | null;
}
interface ListBody {
  items: ActivityBody[];
  nextCursor: string | null;
}
interface DenominatorBody {
  id: string;
  period: string;
  provinceCode: string;
  communeCode: string | null;
  key: string;
  value: number;
}

const HANOI = '01';
const BA_DINH = '00004';
const NGOC_HA = '00008';
const OUTSIDE_HANOI = '01273';
const NOTE = 'Ghi chú markeractivity về chị Nguyễn Thị Markerlan';

const SESSION = {
  kind: 'awareness_session',
  project: 4,
  title: 'Nói chuyện chuyên đề phòng chống bạo lực gia đình',
  date: '2026-03-10',
  provinceCode: HANOI,
  communeCode: BA_DINH,
  audience: ['residents', 'youth'],
  participants: { female: 30, male: 15, other: 1 },
  youthParticipants: 12,
  residentialClustersReached: 3,
};

/** The field named by an error answer (a domain error's text, or a validation error's details). */
const namesField = (body: ErrorBody, field: string): boolean =>
  body.message.includes(field) || JSON.stringify(body.details ?? '').includes(field);

describe('community activities and the indicators’ denominators', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let manager: TestUser;
  let supervisor: TestUser;
  let supervisorB: TestUser;
  const others: Record<string, TestUser> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    orgA = await createOrganization(db, { name: 'Trung tâm hoạt động A' });
    orgB = await createOrganization(db, { name: 'Trung tâm hoạt động B' });
    manager = await createUser(db, { roles: ['centre_manager'], organizationId: orgA.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: orgA.id });
    supervisorB = await createUser(db, { roles: ['supervisor'], organizationId: orgB.id });
    for (const role of ['hotline_operator', 'counsellor', 'provider_staff', 'admin', 'auditor']) {
      others[role] = await createUser(db, { roles: [role], organizationId: orgA.id });
    }
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const post = async (user: TestUser, body: unknown, key?: string) =>
    call<ActivityBody & ErrorBody>(api, 'POST', '/api/v1/activities', {
      token: await tokenOf(user),
      body,
      headers: key ? { 'idempotency-key': key } : {},
    });
  const get = async (user: TestUser, id: string) =>
    call<ActivityBody & ErrorBody>(api, 'GET', `/api/v1/activities/${id}`, { token: await tokenOf(user) });
  const list = async (user: TestUser, query = '') =>
    call<ListBody & ErrorBody>(api, 'GET', `/api/v1/activities${query}`, { token: await tokenOf(user) });
  const patch = async (user: TestUser, id: string, body: unknown) =>
    call<ActivityBody & ErrorBody>(api, 'PATCH', `/api/v1/activities/${id}`, {
      token: await tokenOf(user),
      body,
    });
  const putDenominator = async (user: TestUser, body: unknown) =>
    call<DenominatorBody & ErrorBody>(api, 'PUT', '/api/v1/indicator-denominators', {
      token: await tokenOf(user),
      body,
    });
  const audited = async (action: string, entityId: string): Promise<number> =>
    (await db.query(`SELECT 1 FROM audit_events WHERE action = $1 AND entity_id = $2`, [action, entityId]))
      .length;
  const created = async (user: TestUser, body: unknown = SESSION): Promise<ActivityBody> => {
    const res = await post(user, body);
    expect(res.status).toBe(201);
    return res.body;
  };

  describe('recording', () => {
    it("records an activity of the caller's organisation, with the model its kind implies", async () => {
      const res = await post(supervisor, { ...SESSION, kind: 'club_meeting', notes: NOTE });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        kind: 'club_meeting',
        model: 3,
        organizationId: orgA.id,
        participants: { female: 30, male: 15, other: 1 },
        youthParticipants: 12,
        version: 1,
      });
      expect(res.body.notes).toBeUndefined();
      expect(await audited('activity.created', res.body.id)).toBe(1);
    });

    it('stores the notes encrypted and shows them only on the single read', async () => {
      const a = await created(manager, { ...SESSION, notes: NOTE });
      const [row] = await db.query<{ notes_enc: string }>(`SELECT notes_enc FROM activities WHERE id = $1`, [
        a.id,
      ]);
      expect(row!.notes_enc).not.toContain('marker');
      expect(row!.notes_enc.length).toBeGreaterThan(0);
      const one = await get(manager, a.id);
      expect(one.status).toBe(200);
      expect(one.body.notes).toBe(NOTE);
      expect(await audited('activity.read', a.id)).toBe(1);
      const page = await list(manager, '?limit=100');
      expect(page.status).toBe(200);
      expect(JSON.stringify(page.body)).not.toContain('marker');
      expect(page.body.items.find((i) => i.id === a.id)).not.toHaveProperty('notes');
    });

    it('replays the answer for the same Idempotency-Key and writes one row', async () => {
      const key = randomUUID();
      const body = { ...SESSION, title: `Lặp lại ${key}` };
      const first = await post(supervisor, body, key);
      const second = await post(supervisor, body, key);
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body.id).toBe(first.body.id);
      const rows = await db.query(`SELECT id FROM activities WHERE title = $1`, [body.title]);
      expect(rows).toHaveLength(1);
      const reused = await post(supervisor, { ...body, project: 5 }, key);
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('refuses the roles that record no activity', async () => {
      for (const role of ['hotline_operator', 'counsellor', 'provider_staff', 'admin', 'auditor']) {
        const res = await post(others[role]!, SESSION);
        expect([role, res.status]).toEqual([role, 403]);
      }
    });

    it.each([
      ['kind', { kind: 'picnic' }, 400, 'ACTIVITY_KEY_UNKNOWN'],
      ['audience.1', { audience: ['residents', 'aliens'] }, 400, 'ACTIVITY_KEY_UNKNOWN'],
      ['communeCode', { communeCode: OUTSIDE_HANOI }, 400, 'ACTIVITY_COMMUNE_UNKNOWN'],
      ['communeCode', { communeCode: '99999' }, 400, 'ACTIVITY_COMMUNE_UNKNOWN'],
      ['provinceCode', { provinceCode: '99', communeCode: undefined }, 400, 'ACTIVITY_PROVINCE_UNKNOWN'],
      ['date', { date: '2099-01-01' }, 400, 'ACTIVITY_DATE_IN_FUTURE'],
      ['date', { date: '2026-02-30' }, 400, 'ACTIVITY_DATE_INVALID'],
      ['date', { date: '10/03/2026' }, 400, 'VALIDATION_FAILED'],
      ['participants.male', { participants: { female: 1, male: -1, other: 0 } }, 400, 'VALIDATION_FAILED'],
      ['participants.other', { participants: { female: 1, male: 1, other: 0.5 } }, 400, 'VALIDATION_FAILED'],
      ['project', { project: 6 }, 400, 'VALIDATION_FAILED'],
      ['youthParticipants', { youthParticipants: 47 }, 422, 'ACTIVITY_YOUTH_ABOVE_TOTAL'],
      ['model', { kind: 'convention_revision', model: 3 }, 422, 'ACTIVITY_MODEL_MISMATCH'],
    ])('refuses a bad %s (%j), naming the field', async (field, change, status, code) => {
      const before = await db.query(`SELECT id FROM activities`);
      const res = await post(manager, { ...SESSION, ...change });
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(namesField(res.body, field)).toBe(true);
      expect(await db.query(`SELECT id FROM activities`)).toHaveLength(before.length);
    });
  });

  describe('reading and listing', () => {
    let ofA: ActivityBody;
    let ofB: ActivityBody;
    beforeAll(async () => {
      ofA = await created(supervisor, { ...SESSION, kind: 'training_course', date: '2025-05-02' });
      ofB = await created(supervisorB, { ...SESSION, kind: 'training_course', date: '2025-05-03' });
    });

    it("lets managers read any activity and supervisors only their organisation's", async () => {
      expect((await get(manager, ofB.id)).status).toBe(200);
      expect((await get(supervisor, ofA.id)).status).toBe(200);
      const hidden = await get(supervisor, ofB.id);
      expect(hidden.status).toBe(404);
      expect(hidden.body.code).toBe('NOT_FOUND');
      expect((await get(supervisor, randomUUID())).status).toBe(404);
      expect((await get(others.counsellor!, ofA.id)).status).toBe(404);
    });

    it("lists all activities to managers and the organisation's to supervisors", async () => {
      const q = '?kind=training_course&from=2025-05-01&to=2025-05-31';
      const byManager = await list(manager, q);
      expect(byManager.body.items.map((i) => i.id)).toEqual([ofB.id, ofA.id]);
      const bySupervisor = await list(supervisor, q);
      expect(bySupervisor.body.items.map((i) => i.id)).toEqual([ofA.id]);
      const byOther = await list(supervisorB, q);
      expect(byOther.body.items.map((i) => i.id)).toEqual([ofB.id]);
      expect((await list(others.counsellor!)).status).toBe(403);
      expect((await list(others.admin!)).status).toBe(403);
    });

    it('pages by date, newest first, without repeating or skipping', async () => {
      const days = ['2025-08-01', '2025-08-03', '2025-08-03', '2025-08-02', '2025-08-05'];
      const ids = new Set<string>();
      for (const date of days) ids.add((await created(manager, { ...SESSION, kind: 'contest', date })).id);
      const seen: ActivityBody[] = [];
      let cursor: string | null = null;
      do {
        const res: Awaited<ReturnType<typeof list>> = await list(
          manager,
          `?kind=contest&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(new Set(seen.map((i) => i.id))).toEqual(ids);
      expect(seen).toHaveLength(5);
      expect(seen.map((i) => i.date)).toEqual([...days].sort().reverse());
    });

    it('narrows the list by commune', async () => {
      const inNgocHa = await created(manager, { ...SESSION, kind: 'media_product', communeCode: NGOC_HA });
      const res = await list(manager, `?communeCode=${NGOC_HA}&kind=media_product`);
      expect(res.body.items.map((i) => i.id)).toEqual([inNgocHa.id]);
    });
  });

  describe('changing', () => {
    it('changes an activity with the version read and refuses a stale version', async () => {
      const a = await created(supervisor, { ...SESSION, notes: NOTE });
      const changed = await patch(supervisor, a.id, { version: 1, title: 'Tiêu đề mới', notes: null });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ title: 'Tiêu đề mới', version: 2, youthParticipants: 12 });
      expect(await audited('activity.updated', a.id)).toBe(1);
      expect((await get(supervisor, a.id)).body.notes).toBeNull();
      const stale = await patch(supervisor, a.id, { version: 1, title: 'Cũ' });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
    });

    it('applies the same checks to the changed activity', async () => {
      const a = await created(manager);
      const youth = await patch(manager, a.id, {
        version: 1,
        participants: { female: 5, male: 5, other: 0 },
      });
      expect(youth.status).toBe(422);
      expect(youth.body.code).toBe('ACTIVITY_YOUTH_ABOVE_TOTAL');
      const model = await patch(manager, a.id, { version: 1, kind: 'counselling_point_session', model: 2 });
      expect(model.status).toBe(422);
      expect(namesField(model.body, 'model')).toBe(true);
      const derived = await patch(manager, a.id, { version: 1, kind: 'counselling_point_session' });
      expect(derived.status).toBe(200);
      expect(derived.body.model).toBe(5);
      const back = await patch(manager, a.id, { version: 2, kind: 'awareness_session' });
      expect(back.body.model).toBeNull();
      const kept = await patch(manager, a.id, { version: 3, model: 2 });
      expect(kept.body.model).toBe(2);
      const another = await patch(manager, a.id, { version: 4, kind: 'contest' });
      expect(another.body.model).toBe(2);
    });

    it("lets supervisors change only their organisation's activities", async () => {
      const a = await created(supervisor);
      expect((await patch(supervisorB, a.id, { version: 1, title: 'x' })).status).toBe(404);
      expect((await patch(others.counsellor!, a.id, { version: 1, title: 'x' })).status).toBe(404);
      expect((await patch(manager, a.id, { version: 1, title: 'Quản lý sửa' })).status).toBe(200);
    });
  });

  describe('denominators', () => {
    it('upserts one row per period, unit and key', async () => {
      const body = {
        period: '2026-H1',
        provinceCode: HANOI,
        communeCode: BA_DINH,
        key: 'officials',
        value: 120,
      };
      const first = await putDenominator(manager, body);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        period: '2026-H1',
        communeCode: BA_DINH,
        key: 'officials',
        value: 120,
      });
      const second = await putDenominator(manager, { ...body, value: 130 });
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ id: first.body.id, value: 130 });
      expect(await audited('indicator_denominator.set', first.body.id)).toBe(2);
      const rows = await db.query<{ value: number }>(
        `SELECT value FROM indicator_denominators WHERE period = '2026-H1' AND commune_code = $1 AND key = 'officials'`,
        [BA_DINH],
      );
      expect(rows).toEqual([{ value: 130 }]);
      const listed = await call<{ items: DenominatorBody[] }>(
        api,
        'GET',
        `/api/v1/indicator-denominators?period=2026-H1&provinceCode=${HANOI}&communeCode=${BA_DINH}`,
        { token: await tokenOf(manager) },
      );
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((i) => [i.key, i.value])).toEqual([['officials', 130]]);
    });

    it('refuses a period outside the grammar, naming the grammar', async () => {
      const res = await putDenominator(manager, {
        period: '2026-H3',
        provinceCode: HANOI,
        key: 'students',
        value: 1,
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('ACTIVITY_PERIOD_INVALID');
      expect(res.body.message).toContain('YYYY-H1');
    });

    it('refuses an unknown key, a negative value and a commune outside the province', async () => {
      const base = { period: '2026', provinceCode: HANOI, key: 'students', value: 1 };
      const key = await putDenominator(manager, { ...base, key: 'pupils' });
      expect([key.status, key.body.code]).toEqual([400, 'ACTIVITY_KEY_UNKNOWN']);
      const negative = await putDenominator(manager, { ...base, value: -1 });
      expect(negative.status).toBe(400);
      expect(namesField(negative.body, 'value')).toBe(true);
      const outside = await putDenominator(manager, { ...base, communeCode: OUTSIDE_HANOI });
      expect([outside.status, outside.body.code]).toEqual([400, 'ACTIVITY_COMMUNE_UNKNOWN']);
    });

    it('is for managers only', async () => {
      const res = await putDenominator(supervisor, {
        period: '2026',
        provinceCode: HANOI,
        key: 'students',
        value: 1,
      });
      expect(res.status).toBe(403);
    });
  });

  describe('ActivityMeasures', () => {
    let measures: ActivityMeasures;
    let period: Period;
    let orgC: TestOrganization;
    beforeAll(async () => {
      measures = api.app.get(ActivityMeasures);
      period = parsePeriod('2024-H2')!;
      orgC = await createOrganization(db, { name: 'Trung tâm đo lường C' });
      const seed = [
        // kind, model, date, commune, audience, female, male, other, youth, clusters
        ['club_meeting', 3, '2024-07-01', BA_DINH, '{students,youth}', 10, 5, 0, 8, 2],
        ['club_meeting', 3, '2024-12-31', NGOC_HA, '{residents}', 7, 3, 1, null, 4],
        ['awareness_session', null, '2024-09-15', BA_DINH, '{officials}', 20, 20, 0, 5, null],
        ['training_course', null, '2024-10-01', null, '{officials,ge_staff}', 12, 8, 0, null, null],
        // outside the period, or of another province: never counted
        ['club_meeting', 3, '2024-06-30', BA_DINH, '{students}', 100, 100, 0, 100, 100],
        ['club_meeting', 3, '2025-01-01', BA_DINH, '{students}', 100, 100, 0, 100, 100],
      ] as const;
      for (const [kind, model, date, commune, audience, f, m, o, youth, clusters] of seed) {
        await db.query(
          `INSERT INTO activities (kind, project, model, title, date, province_code, commune_code, organization_id,
                                   audience, participants_female, participants_male, participants_other,
                                   youth_participants, residential_clusters_reached, created_by)
           VALUES ($1, 4, $2, 'đo', $3, '01', $4, $5, $6::text[], $7, $8, $9, $10, $11, $12)`,
          [kind, model, date, commune, orgC.id, audience, f, m, o, youth, clusters, manager.id],
        );
      }
      await db.query(
        `INSERT INTO activities (kind, project, title, date, province_code, organization_id, participants_female,
                                 created_by)
         VALUES ('club_meeting', 4, 'đo', '2024-08-01', '04', $1, 1000, $2)`,
        [orgC.id, manager.id],
      );
    });
    const mine = () => ({ period, provinceCode: HANOI, organizationId: orgC.id });

    it('counts the activities dated within the period, first and last day included', async () => {
      expect(await measures.count(mine())).toBe(4);
      expect(await measures.count({ ...mine(), model: 3 })).toBe(2);
      expect(await measures.count({ ...mine(), kinds: ['awareness_session', 'training_course'] })).toBe(2);
      expect(await measures.count({ ...mine(), communeCodes: [BA_DINH] })).toBe(2);
      expect(await measures.count({ ...mine(), communeCodes: [] })).toBe(0);
    });

    it('sums participants, by audience too', async () => {
      expect(await measures.participants(mine())).toBe(15 + 11 + 40 + 20);
      expect(await measures.participants({ ...mine(), audience: 'officials' })).toBe(40 + 20);
      expect(await measures.participants({ ...mine(), audience: 'reporters' })).toBe(0);
      expect(await measures.participants({ ...mine(), communeCodes: [NGOC_HA] })).toBe(11);
    });

    it('sums young participants and residential clusters where recorded', async () => {
      expect(await measures.youthParticipants(mine())).toBe(13);
      expect(await measures.residentialClustersReached(mine())).toBe(6);
      expect(await measures.residentialClustersReached({ ...mine(), kinds: ['training_course'] })).toBe(0);
    });

    it("gives the communes' sum, the province's row or its communes' sum, else null", async () => {
      const p = parsePeriod('2023')!;
      const put = (communeCode: string, key: string, value: number) =>
        db.query(
          `INSERT INTO indicator_denominators (period, province_code, commune_code, key, value, updated_by)
           VALUES ('2023', '01', $1, $2, $3, $4)`,
          [communeCode, key, value, manager.id],
        );
      await put(BA_DINH, 'students', 300);
      await put(NGOC_HA, 'students', 200);
      await put('', 'officials', 5000);
      await put(BA_DINH, 'officials', 40);
      expect(await measures.denominator(p, HANOI, [BA_DINH, NGOC_HA], 'students')).toBe(500);
      expect(await measures.denominator(p, HANOI, [NGOC_HA, '00025'], 'students')).toBe(200);
      expect(await measures.denominator(p, HANOI, ['00025'], 'students')).toBeNull();
      expect(await measures.denominator(p, HANOI, undefined, 'students')).toBe(500);
      expect(await measures.denominator(p, HANOI, undefined, 'officials')).toBe(5000);
      expect(await measures.denominator(p, HANOI, [BA_DINH], 'officials')).toBe(40);
      expect(await measures.denominator(p, HANOI, undefined, 'ge_staff')).toBeNull();
      expect(await measures.denominator(parsePeriod('2023-H1')!, HANOI, undefined, 'students')).toBeNull();
    });
  });
});
