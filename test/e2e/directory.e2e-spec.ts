import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { configDir } from '../../src/platform/config/app-root';
import { RunningApi, startApi, testEnv } from '../support/app';
import { freePort } from '../support/redis-server';
import { TEST_REDIS_URL } from '../support/services';
import { spawnEntry } from '../support/spawn';
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
import type { ErrorBody as ApiErrorBody, FieldProblem } from '../support/error-body';

interface Provider {
  id: string;
  name: string;
  type: string;
  organizationId: string;
  provinceCode: string;
  communeCode: string;
  addressText?: string | null;
  phone?: string | null;
  confidential?: true;
  hours: string | null;
  services: string[];
  areaServed: string[];
  capacity: number | null;
  acceptingReferrals: boolean;
  languages: string[];
  version: number;
  referringOrganizationIds: string[];
}
type ErrorBody = ApiErrorBody<FieldProblem[]>;
interface ListBody {
  items: Provider[];
  nextCursor: string | null;
}

/** Markers that must never be stored in the clear. */
const SAFE_ADDRESS = 'Ngõ 12 Markersafe, phường Ba Đình';
const SAFE_PHONE = '024 3999 7777';

describe('the service directory (providers)', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let centre: TestOrganization;
  let safeOrg: TestOrganization;
  let healthOrg: TestOrganization;
  let partnerOrg: TestOrganization;
  let referringOrg: TestOrganization;
  let otherOrg: TestOrganization;
  const u: Record<string, TestUser> = {};
  let safeHouse: Provider;
  let clinic: Provider;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, MANY_SIGN_INS));
    tokenOf = tokenCache(api);
    centre = await createOrganization(db, { name: 'Trung tâm CTXH thử', type: 'social_work_centre' });
    safeOrg = await createOrganization(db, { name: 'Nhà tạm lánh thử', type: 'safe_house' });
    healthOrg = await createOrganization(db, { name: 'Bệnh viện thử', type: 'health' });
    partnerOrg = await createOrganization(db, { name: 'Trung tâm đối tác', type: 'social_work_centre' });
    referringOrg = await createOrganization(db, { name: 'Trung tâm chuyển gửi', type: 'social_work_centre' });
    otherOrg = await createOrganization(db, { name: 'Tổ chức khác', type: 'legal_aid' });
    const make = async (key: string, role: string, org: TestOrganization) => {
      u[key] = await createUser(db, { roles: [role], organizationId: org.id });
    };
    await make('operator', 'hotline_operator', centre);
    await make('counsellor', 'counsellor', centre);
    await make('supervisor', 'supervisor', centre);
    await make('manager', 'centre_manager', centre);
    await make('admin', 'admin', centre);
    await make('auditor', 'auditor', centre);
    await make('safeStaff', 'provider_staff', safeOrg);
    await make('safeSupervisor', 'supervisor', safeOrg);
    await make('safeManager', 'centre_manager', safeOrg);
    await make('partnerSupervisor', 'supervisor', partnerOrg);
    await make('partnerCounsellor', 'counsellor', partnerOrg);
    await make('referringSupervisor', 'supervisor', referringOrg);
    await make('otherStaff', 'provider_staff', otherOrg);
    await make('otherSupervisor', 'supervisor', otherOrg);
    await make('healthStaff', 'provider_staff', healthOrg);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const post = async (user: TestUser, body: unknown, key?: string) =>
    call<Provider & ErrorBody>(api, 'POST', '/api/v1/providers', {
      token: await tokenOf(user),
      body,
      headers: key ? { 'idempotency-key': key } : {},
    });
  const patch = async (user: TestUser, id: string, body: unknown) =>
    call<Provider & ErrorBody>(api, 'PATCH', `/api/v1/providers/${id}`, { token: await tokenOf(user), body });
  const read = async (user: TestUser, id: string) =>
    call<Provider & ErrorBody>(api, 'GET', `/api/v1/providers/${id}`, { token: await tokenOf(user) });
  const list = async (user: TestUser, query = '') =>
    call<ListBody & ErrorBody>(api, 'GET', `/api/v1/providers${query}`, { token: await tokenOf(user) });
  const countProviders = async (): Promise<number> =>
    Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM providers`))[0]!.n);

  const safeBody = () => ({
    name: 'Nhà tạm lánh Bình Minh',
    type: 'safe_house',
    organizationId: safeOrg.id,
    provinceCode: '01',
    communeCode: '00004',
    addressText: SAFE_ADDRESS,
    phone: SAFE_PHONE,
    hours: '24/7',
    services: ['shelter', 'psychological_counselling'],
    areaServed: ['00008', '00025'],
    capacity: 6,
    languages: ['vi', 'en'],
  });
  const clinicBody = () => ({
    name: 'Phòng khám Hoàn Kiếm',
    type: 'health',
    organizationId: healthOrg.id,
    provinceCode: '01',
    communeCode: '00070',
    addressText: 'Số 5 phố Tràng Tiền',
    phone: '024 3825 0000',
    services: ['medical_care'],
    acceptingReferrals: false,
  });

  describe('keeping the directory', () => {
    it('lets a centre manager add a safe house, and answers without its address and phone', async () => {
      const res = await post(u.manager!, safeBody());
      expect(res.status).toBe(201);
      safeHouse = res.body;
      expect(res.body).toMatchObject({
        name: 'Nhà tạm lánh Bình Minh',
        type: 'safe_house',
        organizationId: safeOrg.id,
        communeCode: '00004',
        hours: '24/7',
        services: ['shelter', 'psychological_counselling'],
        areaServed: ['00008', '00025'],
        capacity: 6,
        acceptingReferrals: true,
        languages: ['vi', 'en'],
        version: 1,
        referringOrganizationIds: [],
        confidential: true,
      });
      expect(Object.keys(res.body)).not.toContain('addressText');
      expect(Object.keys(res.body)).not.toContain('phone');
      const audit = await db.query(
        `SELECT 1 FROM audit_events WHERE action = 'provider.created' AND entity_id = $1 AND actor_id = $2`,
        [res.body.id, u.manager!.id],
      );
      expect(audit).toHaveLength(1);
    });

    it('stores the address and phone encrypted: the row holds no plain text', async () => {
      const [row] = await db.query(`SELECT * FROM providers WHERE id = $1`, [safeHouse.id]);
      expect(row!.address_text_enc).toEqual(expect.any(String));
      expect(row!.phone_enc).toEqual(expect.any(String));
      const dump = JSON.stringify(row);
      expect(dump).not.toContain('Markersafe');
      expect(dump).not.toContain('3999');
    });

    it('lets an administrator add a clinic, whose address and phone everyone sees', async () => {
      const res = await post(u.admin!, clinicBody());
      expect(res.status).toBe(201);
      clinic = res.body;
      expect(res.body).toMatchObject({ addressText: 'Số 5 phố Tràng Tiền', phone: '024 3825 0000' });
      expect('confidential' in res.body).toBe(false);
      const seen = await read(u.counsellor!, clinic.id);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ addressText: 'Số 5 phố Tràng Tiền', phone: '024 3825 0000' });
    });

    it('refuses the other roles (403), and PATCH too', async () => {
      for (const user of [u.counsellor!, u.operator!, u.supervisor!, u.auditor!, u.safeStaff!]) {
        const created = await post(user, { ...clinicBody(), name: `Từ chối ${user.username}` });
        expect(created.status).toBe(403);
        expect(created.body.code).toBe('FORBIDDEN');
        const changed = await patch(user, clinic.id, { version: clinic.version, hours: 'Sáng' });
        expect(changed.status).toBe(403);
      }
    });

    it('replays a POST with the same Idempotency-Key: the same provider, one row', async () => {
      const before = await countProviders();
      const body = { ...clinicBody(), name: 'Phòng khám Idempotent', acceptingReferrals: true };
      const first = await post(u.manager!, body, 'provider-key-0001');
      const again = await post(u.manager!, body, 'provider-key-0001');
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
      expect(await countProviders()).toBe(before + 1);
      const reused = await post(u.manager!, { ...body, hours: 'khác' }, 'provider-key-0001');
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('refuses a second provider of the same name in one organisation (409 naming name)', async () => {
      const res = await post(u.manager!, clinicBody());
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('PROVIDER_NAME_TAKEN');
      expect(res.body.message).toContain('name');
      const renamed = await patch(u.manager!, clinic.id, {
        version: clinic.version,
        name: 'Phòng khám Idempotent',
      });
      expect([renamed.status, renamed.body.code]).toEqual([409, 'PROVIDER_NAME_TAKEN']);
    });

    it('updates with the version read and refuses a stale version (409 VERSION_CONFLICT)', async () => {
      const res = await patch(u.admin!, clinic.id, {
        version: 1,
        hours: 'Thứ 2–6',
        phone: null,
        areaServed: ['00004'],
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ version: 2, hours: 'Thứ 2–6', phone: null, areaServed: ['00004'] });
      expect(res.body.name).toBe(clinic.name);
      const stale = await patch(u.manager!, clinic.id, { version: 1, hours: 'Chủ nhật' });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      expect((await read(u.counsellor!, clinic.id)).body.hours).toBe('Thứ 2–6');
      const audit = await db.query(
        `SELECT 1 FROM audit_events WHERE action = 'provider.updated' AND entity_id = $1`,
        [clinic.id],
      );
      expect(audit).toHaveLength(1);
      clinic = res.body;
    });

    it('answers 404 for a provider that does not exist, and 400 for an id that is not one', async () => {
      expect((await read(u.counsellor!, randomUUID())).status).toBe(404);
      expect((await patch(u.manager!, randomUUID(), { version: 1 })).status).toBe(404);
      const bad = await read(u.counsellor!, 'not-a-uuid');
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('bad input', () => {
    const fieldsOf = (body: ErrorBody): string[] => (body.details ?? []).map((d) => d.field).sort();

    it('names every missing or malformed field (400 VALIDATION_FAILED)', async () => {
      const res = await post(u.manager!, {
        type: 'health',
        organizationId: 'nope',
        provinceCode: '1',
        communeCode: '4',
        services: [],
        capacity: -1,
        languages: ['Vietnamese'],
        phone: 'gọi tôi',
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual(
        [
          'capacity',
          'communeCode',
          'languages',
          'name',
          'organizationId',
          'phone',
          'provinceCode',
          'services',
        ].sort(),
      );
    });

    it('refuses null for a field that cannot be cleared, and fields that do not exist', async () => {
      const res = await patch(u.manager!, clinic.id, { version: clinic.version, name: null, colour: 'red' });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['colour', 'name']);
      const noVersion = await patch(u.manager!, clinic.id, { hours: 'x' });
      expect(fieldsOf(noVersion.body)).toEqual(['version']);
    });

    it('refuses a service or type that is not in its catalogue, naming the field', async () => {
      const res = await post(u.manager!, { ...clinicBody(), services: ['medical_care', 'massage'] });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('UNKNOWN_CATALOGUE_KEY');
      expect(res.body.message).toContain('services.1');
      const type = await post(u.manager!, { ...clinicBody(), type: 'spa' });
      expect(type.body.code).toBe('UNKNOWN_CATALOGUE_KEY');
      expect(type.body.message).toContain('type');
    });

    it('refuses an unknown organisation (422 naming organizationId)', async () => {
      const res = await post(u.manager!, { ...clinicBody(), organizationId: randomUUID() });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('PROVIDER_ORGANIZATION_UNKNOWN');
      expect(res.body.message).toContain('organizationId');
    });

    it("refuses a type other than its organisation's (422 naming type)", async () => {
      const res = await post(u.manager!, { ...clinicBody(), type: 'legal_aid' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('PROVIDER_TYPE_MISMATCH');
      expect(res.body.message).toContain('type');
      expect(res.body.message).toContain('health');
    });

    it('refuses places that do not exist or a commune outside the province', async () => {
      const province = await post(u.manager!, { ...clinicBody(), provinceCode: '99' });
      expect([province.status, province.body.code]).toEqual([422, 'PROVIDER_PROVINCE_UNKNOWN']);
      const commune = await post(u.manager!, { ...clinicBody(), communeCode: '99999' });
      expect([commune.status, commune.body.code]).toEqual([422, 'PROVIDER_COMMUNE_UNKNOWN']);
      const outside = await post(u.manager!, { ...clinicBody(), provinceCode: '04' });
      expect([outside.status, outside.body.code]).toEqual([422, 'PROVIDER_COMMUNE_OUTSIDE_PROVINCE']);
      const area = await post(u.manager!, { ...clinicBody(), areaServed: ['00008', '99998'] });
      expect([area.status, area.body.code]).toEqual([422, 'PROVIDER_COMMUNE_UNKNOWN']);
      expect(area.body.message).toContain('areaServed.1');
      const moved = await patch(u.manager!, clinic.id, { version: clinic.version, communeCode: '01273' });
      expect([moved.status, moved.body.code]).toEqual([422, 'PROVIDER_COMMUNE_OUTSIDE_PROVINCE']);
    });

    it('requires a safe house to count its beds (more than 0)', async () => {
      const { capacity: _c, ...noCapacity } = safeBody();
      const missing = await post(u.manager!, { ...noCapacity, name: 'Nhà không giường' });
      expect([missing.status, missing.body.code]).toEqual([422, 'PROVIDER_CAPACITY_REQUIRED']);
      expect(missing.body.message).toContain('capacity');
      const zero = await post(u.manager!, { ...safeBody(), name: 'Nhà 0 giường', capacity: 0 });
      expect(zero.body.code).toBe('PROVIDER_CAPACITY_REQUIRED');
      const cleared = await patch(u.manager!, safeHouse.id, { version: safeHouse.version, capacity: null });
      expect(cleared.body.code).toBe('PROVIDER_CAPACITY_REQUIRED');
    });

    it('refuses a partner organisation that does not exist, naming it', async () => {
      const res = await patch(u.manager!, safeHouse.id, {
        version: safeHouse.version,
        referringOrganizationIds: [partnerOrg.id, randomUUID()],
      });
      expect([res.status, res.body.code]).toEqual([422, 'PROVIDER_ORGANIZATION_UNKNOWN']);
      expect(res.body.message).toContain('referringOrganizationIds.1');
    });
  });

  describe('searching', () => {
    let legal: Provider;
    let police: Provider;

    beforeAll(async () => {
      const legalOrg = await createOrganization(db, { name: 'Trợ giúp pháp lý thử', type: 'legal_aid' });
      const policeOrg = await createOrganization(db, { name: 'Công an thử', type: 'police' });
      legal = (
        await post(u.admin!, {
          name: 'Văn phòng trợ giúp pháp lý',
          type: 'legal_aid',
          organizationId: legalOrg.id,
          provinceCode: '04',
          communeCode: '01273',
          services: ['legal_aid'],
          areaServed: ['00691'],
        })
      ).body;
      police = (
        await post(u.admin!, {
          name: 'Công an phường Ngọc Hà',
          type: 'police',
          organizationId: policeOrg.id,
          provinceCode: '01',
          communeCode: '00008',
          services: ['police_protection', 'legal_aid'],
        })
      ).body;
    });

    const ids = (body: ListBody): string[] => body.items.map((p) => p.id);

    it('is open to everyone signed in, ordered by name then id', async () => {
      const ordered = (await db.query<{ id: string }>(`SELECT id FROM providers ORDER BY name, id`)).map(
        (r) => r.id,
      );
      for (const user of [u.operator!, u.counsellor!, u.auditor!, u.safeStaff!, u.manager!]) {
        const res = await list(user, '?limit=100');
        expect(res.status).toBe(200);
        expect(ids(res.body)).toEqual(ordered);
      }
      expect((await call(api, 'GET', '/api/v1/providers')).status).toBe(401);
    });

    it('finds by service', async () => {
      const res = await list(u.counsellor!, '?service=legal_aid');
      expect(ids(res.body).sort()).toEqual([legal.id, police.id].sort());
      const bad = await list(u.counsellor!, '?service=massage');
      expect([bad.status, bad.body.code]).toEqual([400, 'UNKNOWN_CATALOGUE_KEY']);
    });

    it('finds by type', async () => {
      expect(ids((await list(u.counsellor!, '?type=safe_house')).body)).toEqual([safeHouse.id]);
      expect(ids((await list(u.counsellor!, '?type=police')).body)).toEqual([police.id]);
    });

    it('finds by commune: those in it and those serving it', async () => {
      // 00008: the police station is in it, the safe house serves it.
      expect(ids((await list(u.counsellor!, '?communeCode=00008')).body).sort()).toEqual(
        [police.id, safeHouse.id].sort(),
      );
      expect(ids((await list(u.counsellor!, '?communeCode=00691')).body)).toEqual([legal.id]);
      expect(ids((await list(u.counsellor!, '?communeCode=00694')).body)).toEqual([]);
    });

    it('finds by acceptance of referrals, and combines filters', async () => {
      const closed = ids((await list(u.counsellor!, '?accepting=false')).body);
      expect(closed).toEqual([clinic.id]);
      const open = ids((await list(u.counsellor!, '?accepting=true')).body);
      expect(open).toContain(safeHouse.id);
      expect(open).not.toContain(clinic.id);
      expect(ids((await list(u.counsellor!, '?accepting=true&service=medical_care')).body)).not.toContain(
        clinic.id,
      );
      const bad = await list(u.counsellor!, '?accepting=maybe');
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('finds by part of the name, with % taken literally', async () => {
      expect(ids((await list(u.counsellor!, `?q=${encodeURIComponent('ngọc hà')}`)).body)).toEqual([
        police.id,
      ]);
      expect(ids((await list(u.counsellor!, '?q=%25')).body)).toEqual([]);
    });

    it('pages with a cursor through every provider once, in name order', async () => {
      const all = ids((await list(u.counsellor!, '?limit=100')).body);
      expect(all.length).toBeGreaterThanOrEqual(5);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: ListBody } = await list(
          u.counsellor!,
          `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...ids(res.body));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
      expect((await list(u.counsellor!, '?limit=101')).status).toBe(400);
      expect((await list(u.counsellor!, '?cursor=garbage')).status).toBe(400);
    });
  });

  describe("a safe house's address and phone", () => {
    const hidden = async (user: TestUser): Promise<void> => {
      const one = await read(user, safeHouse.id);
      expect(one.status).toBe(200);
      expect(one.body.confidential).toBe(true);
      expect(Object.keys(one.body)).not.toContain('addressText');
      expect(Object.keys(one.body)).not.toContain('phone');
      const listed = (await list(user, '?type=safe_house')).body.items.find((p) => p.id === safeHouse.id);
      expect(listed).toBeDefined();
      expect(listed!.confidential).toBe(true);
      expect(Object.keys(listed!)).not.toContain('addressText');
      expect(Object.keys(listed!)).not.toContain('phone');
      expect(JSON.stringify([one.body, listed])).not.toContain('Markersafe');
    };
    const shown = async (user: TestUser): Promise<void> => {
      const one = await read(user, safeHouse.id);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ addressText: SAFE_ADDRESS, phone: SAFE_PHONE, confidential: true });
      const listed = (await list(user, '?type=safe_house')).body.items.find((p) => p.id === safeHouse.id);
      expect(listed).toMatchObject({ addressText: SAFE_ADDRESS, phone: SAFE_PHONE, confidential: true });
    };
    const patchSafeHouse = async (body: Record<string, unknown>): Promise<Provider & ErrorBody> => {
      const current = (await read(u.manager!, safeHouse.id)).body;
      const res = await patch(u.manager!, safeHouse.id, { version: current.version, ...body });
      expect(res.status).toBe(200);
      return res.body;
    };

    it('are hidden from the counsellor, operator, supervisor, centre manager, admin and auditor', async () => {
      for (const user of [u.counsellor!, u.operator!, u.supervisor!, u.manager!, u.admin!, u.auditor!]) {
        await hidden(user);
      }
    });

    it("are hidden from other organisations' staff and supervisors of organisations that are not partners", async () => {
      for (const user of [
        u.otherStaff!,
        u.otherSupervisor!,
        u.healthStaff!,
        u.partnerSupervisor!,
        u.referringSupervisor!,
      ]) {
        await hidden(user);
      }
    });

    it("are hidden from the safe house's own manager: managers keep the directory, not the contacts", async () => {
      await hidden(u.safeManager!);
    });

    it("are shown to the safe house's own staff and supervisor, and each read is audited", async () => {
      const readsBy = async (user: TestUser): Promise<number> =>
        (
          await db.query(
            `SELECT 1 FROM audit_events
              WHERE action = 'provider.read_confidential' AND entity_id = $1 AND actor_id = $2`,
            [safeHouse.id, user.id],
          )
        ).length;
      const staffBefore = await readsBy(u.safeStaff!);
      const supervisorBefore = await readsBy(u.safeSupervisor!);
      await shown(u.safeStaff!);
      await shown(u.safeSupervisor!);
      // One audit row per disclosure: the single read and the list.
      expect(await readsBy(u.safeStaff!)).toBe(staffBefore + 2);
      expect(await readsBy(u.safeSupervisor!)).toBe(supervisorBefore + 2);
      expect(await readsBy(u.counsellor!)).toBe(0);
      expect(await readsBy(u.manager!)).toBe(0);
    });

    it('are shown to the supervisor of a partner organisation named by a manager, and to no one else there', async () => {
      const updated = await patchSafeHouse({ referringOrganizationIds: [partnerOrg.id] });
      expect(updated.referringOrganizationIds).toEqual([partnerOrg.id]);
      expect(Object.keys(updated)).not.toContain('addressText');
      await shown(u.partnerSupervisor!);
      await hidden(u.partnerCounsellor!);
      await hidden(u.referringSupervisor!);
    });

    it('are shown to the supervisor of an organisation that referred to it, which a manager cannot remove', async () => {
      await db.query(
        `INSERT INTO provider_partner_organizations (provider_id, organization_id, source) VALUES ($1, $2, 'referral')`,
        [safeHouse.id, referringOrg.id],
      );
      await shown(u.referringSupervisor!);
      const updated = await patchSafeHouse({ referringOrganizationIds: [] });
      expect(updated.referringOrganizationIds).toEqual([referringOrg.id]);
      await hidden(u.partnerSupervisor!);
      await shown(u.referringSupervisor!);
      const partners = await db.query<{ organization_id: string; source: string }>(
        `SELECT organization_id, source FROM provider_partner_organizations WHERE provider_id = $1`,
        [safeHouse.id],
      );
      expect(partners).toEqual([{ organization_id: referringOrg.id, source: 'referral' }]);
    });

    it('stay encrypted after an update, and a change of address shows to those who may see it', async () => {
      await patchSafeHouse({ addressText: `${SAFE_ADDRESS} (mới)` });
      const [row] = await db.query(`SELECT * FROM providers WHERE id = $1`, [safeHouse.id]);
      expect(JSON.stringify(row)).not.toContain('Markersafe');
      expect((await read(u.safeStaff!, safeHouse.id)).body.addressText).toBe(`${SAFE_ADDRESS} (mới)`);
      await patchSafeHouse({ addressText: SAFE_ADDRESS });
    });
  });

  it('does not start when config/directory.yaml names an unknown type, naming the file and key', async () => {
    // The real src/main.ts in a child process: a refused start leaves nothing open in this one.
    const dir = mkdtempSync(join(tmpdir(), 'haven-directory-config-'));
    try {
      cpSync(configDir(), dir, { recursive: true });
      const file = join(dir, 'directory.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          'confidentialTypes: [safe_house]',
          'confidentialTypes: [safe_houze]',
        ),
      );
      const child = spawnEntry('main', {
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        HAVEN_CONFIG_DIR: dir,
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
      });
      try {
        expect(await child.exit).not.toBe(0);
        expect(child.stderr()).toMatch(
          /directory\.yaml: confidentialTypes\.0: 'safe_houze' is not an organisation type/,
        );
      } finally {
        child.proc.kill('SIGKILL');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
