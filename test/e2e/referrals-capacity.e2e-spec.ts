import { randomUUID } from 'node:crypto';
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
import { intakePayload } from '../factories/cases';

interface Answer {
  id: string;
  code: string;
  status: string;
  message: string;
  details?: { providerType?: string };
}
interface Occupancy {
  providerId: string;
  capacity: number | null;
  held: number;
  occupied: number;
  free: number | null;
}

const INTAKE = intakePayload();

describe('safe-house beds: concurrent acceptances, occupancy, stays', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let centre: TestOrganization;
  let safeOrg: TestOrganization;
  let supervisor: TestUser;
  let safeStaff: TestUser;
  let otherSafeStaff: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    centre = await createOrganization(db, { name: 'Trung tâm giường' });
    safeOrg = await createOrganization(db, { name: 'Nhà tạm lánh hai giường', type: 'safe_house' });
    const otherSafe = await createOrganization(db, { name: 'Nhà tạm lánh khác', type: 'safe_house' });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
    safeStaff = await createUser(db, { roles: ['provider_staff'], organizationId: safeOrg.id });
    otherSafeStaff = await createUser(db, { roles: ['provider_staff'], organizationId: otherSafe.id });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const req = async <T = Answer>(user: TestUser, method: string, path: string, body?: unknown) =>
    call<T>(api, method, path, { token: await tokenOf(user), body });

  const safeHouse = async (capacity: number | null, type = 'safe_house', orgId?: string): Promise<string> => {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, capacity,
                              created_by)
       VALUES ($1, $5, $2, '01', '00004', '{shelter}', $3, $4) RETURNING id`,
      [`Nhà ${randomUUID().slice(0, 8)}`, orgId ?? safeOrg.id, capacity, supervisor.id, type],
    );
    return row!.id;
  };

  /** A case of the centre with a consent covering the provider's type, referred to the provider. */
  const referral = async (providerId: string, type = 'safe_house'): Promise<string> => {
    const c = await req(supervisor, 'POST', '/api/v1/cases', INTAKE);
    expect(c.status).toBe(201);
    const consent = await req(supervisor, 'POST', `/api/v1/cases/${c.body.id}/consents`, {
      purpose: 'referral',
      method: 'verbal',
      givenBy: 'survivor',
      providerTypes: [type],
    });
    expect(consent.status).toBe(201);
    const r = await req(supervisor, 'POST', `/api/v1/cases/${c.body.id}/referrals`, {
      providerId,
      services: ['shelter'],
      urgency: 'emergency',
    });
    expect(r.status).toBe(201);
    return r.body.id;
  };

  it('admits exactly 2 of 20 concurrent acceptances into a safe house with 2 beds', async () => {
    const house = await safeHouse(2);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await referral(house));
    const token = await tokenOf(safeStaff);
    const answers = await Promise.all(
      ids.map((id) => call<Answer>(api, 'POST', `/api/v1/referrals/${id}/accept`, { token })),
    );
    const ok = answers.filter((a) => a.status === 200);
    const full = answers.filter((a) => a.status === 409);
    expect(ok).toHaveLength(2);
    expect(full).toHaveLength(18);
    expect(full.every((a) => a.body.code === 'NO_CAPACITY')).toBe(true);
    const occupancy = await req<Occupancy>(safeStaff, 'GET', `/api/v1/providers/${house}/occupancy`);
    expect(occupancy.status).toBe(200);
    expect(occupancy.body).toEqual({ providerId: house, capacity: 2, held: 2, occupied: 0, free: 0 });
    const accepted = await db.query(
      `SELECT 1 FROM referrals WHERE provider_id = $1 AND status = 'accepted'`,
      [house],
    );
    expect(accepted).toHaveLength(2);
  });

  it('counts an admission as occupied and a discharge as free; lists stays', async () => {
    const house = await safeHouse(1);
    const first = await referral(house);
    const second = await referral(house);
    expect((await req(safeStaff, 'POST', `/api/v1/referrals/${first}/accept`)).status).toBe(200);
    expect((await req(safeStaff, 'POST', `/api/v1/referrals/${second}/accept`)).body.code).toBe(
      'NO_CAPACITY',
    );
    const started = await req<{ stayId: string }>(safeStaff, 'POST', `/api/v1/referrals/${first}/start`);
    expect(started.status).toBe(200);
    const inside = await req<Occupancy>(safeStaff, 'GET', `/api/v1/providers/${house}/occupancy`);
    expect(inside.body).toMatchObject({ held: 0, occupied: 1, free: 0 });
    expect((await req(safeStaff, 'POST', `/api/v1/referrals/${second}/accept`)).body.code).toBe(
      'NO_CAPACITY',
    );
    const current = await req<{ items: { id: string; status: string }[] }>(
      safeStaff,
      'GET',
      `/api/v1/providers/${house}/stays?current=true`,
    );
    expect(current.body.items).toEqual([
      expect.objectContaining({ id: started.body.stayId, status: 'in_residence' }),
    ]);
    const done = await req(safeStaff, 'POST', `/api/v1/referrals/${first}/complete`, {
      outcome: 'completed',
    });
    expect(done.status).toBe(200);
    const after = await req<Occupancy>(safeStaff, 'GET', `/api/v1/providers/${house}/occupancy`);
    expect(after.body).toMatchObject({ held: 0, occupied: 0, free: 1 });
    expect((await req(safeStaff, 'POST', `/api/v1/referrals/${second}/accept`)).status).toBe(200);
    const nowCurrent = await req<{ items: unknown[] }>(
      safeStaff,
      'GET',
      `/api/v1/providers/${house}/stays?current=true`,
    );
    expect(nowCurrent.body.items).toEqual([]);
    const all = await req<{ items: { status: string }[]; nextCursor: string | null }>(
      safeStaff,
      'GET',
      `/api/v1/providers/${house}/stays?limit=1`,
    );
    expect(all.body.items).toEqual([expect.objectContaining({ status: 'discharged' })]);
  });

  it('answers occupancy without beds as null free, and 404 for a provider that does not exist', async () => {
    const house = await safeHouse(null);
    const res = await req<Occupancy>(supervisor, 'GET', `/api/v1/providers/${house}/occupancy`);
    expect(res.body).toEqual({ providerId: house, capacity: null, held: 0, occupied: 0, free: null });
    expect((await req(supervisor, 'GET', `/api/v1/providers/${randomUUID()}/occupancy`)).status).toBe(404);
    expect((await req(safeStaff, 'GET', `/api/v1/providers/${randomUUID()}/stays`)).status).toBe(404);
    const foreign = await req(otherSafeStaff, 'GET', `/api/v1/providers/${house}/stays`);
    expect([403, 404]).toContain(foreign.status);
  });

  it("names a full provider's own type (a trusted address is no safe house), in Vietnamese and English", async () => {
    const trusted = await createOrganization(db, { name: 'Địa chỉ tin cậy thử', type: 'trusted_address' });
    const staff = await createUser(db, { roles: ['provider_staff'], organizationId: trusted.id });
    const address = await safeHouse(1, 'trusted_address', trusted.id);
    const first = await referral(address, 'trusted_address');
    const second = await referral(address, 'trusted_address');
    expect((await req(staff, 'POST', `/api/v1/referrals/${first}/accept`)).status).toBe(200);
    const token = await tokenOf(staff);
    const vi = await call<Answer>(api, 'POST', `/api/v1/referrals/${second}/accept`, { token });
    expect(vi.status).toBe(409);
    expect(vi.body.code).toBe('NO_CAPACITY');
    expect(vi.body.message).toContain('Địa chỉ tin cậy tại cộng đồng');
    expect(vi.body.message).not.toContain('Nhà tạm lánh');
    expect(vi.body.details).toEqual({ providerType: 'trusted_address' });
    const en = await call<Answer>(api, 'POST', `/api/v1/referrals/${second}/accept`, {
      token,
      headers: { 'accept-language': 'en' },
    });
    expect(en.body.message).toContain('Trusted address');
    expect(en.body.message).not.toMatch(/safe house/i);
  });
});
