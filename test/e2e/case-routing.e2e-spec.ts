import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDir } from '../../src/platform/config';
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
  reference: string;
  organizationId: string;
  code: string;
  message: string;
  version: number;
  status: string;
  emergencyOverride: boolean;
}

const MINIMUM = intakePayload();
const CENTRE = 'Trung tâm Công tác xã hội định tuyến';

const configWith = (cases: (shipped: string) => string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'haven-cases-config-'));
  cpSync(configDir(), dir, { recursive: true });
  const file = join(dir, 'cases.yaml');
  writeFileSync(file, cases(readFileSync(file, 'utf8')));
  return dir;
};

describe("routing an organisation's intake to another organisation (config/cases.yaml)", () => {
  let db: TestDatabase;
  let api: RunningApi;
  let worker: RunningWorker;
  let dir: string;
  let tokenOf: ReturnType<typeof tokenCache>;
  let hotline: TestOrganization;
  let centre: TestOrganization;
  let operator: TestUser;
  let hotlineSupervisor: TestUser;
  let centreSupervisor: TestUser;
  let centreCounsellor: TestUser;
  let admin: TestUser;
  let otherAdmin: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = configWith((text) =>
      text
        .replace('referencePrefix: HN', 'referencePrefix: HNT')
        .replace(/^intakeRouting:\n(?: {2,}.*\n)+/m, `intakeRouting:\n  hotline: ${CENTRE}\n`),
    );
    const env = testEnv(db.url, { ...MANY_SIGN_INS, HAVEN_CONFIG_DIR: dir, NOTIFY_EXTERNAL: 'none' });
    api = await startApi(env);
    worker = await startWorker(env);
    tokenOf = tokenCache(api);
    hotline = await createOrganization(db, { name: 'Đường dây nóng thử', type: 'hotline' });
    centre = await createOrganization(db, { name: CENTRE, type: 'social_work_centre' });
    operator = await createUser(db, { roles: ['hotline_operator'], organizationId: hotline.id });
    hotlineSupervisor = await createUser(db, { roles: ['supervisor'], organizationId: hotline.id });
    centreSupervisor = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
    centreCounsellor = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
    admin = await createUser(db, { roles: ['admin'], organizationId: centre.id });
    otherAdmin = await createUser(db, { roles: ['admin'], organizationId: hotline.id });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const req = async (user: TestUser, method: string, path: string, body?: unknown) =>
    call<Answer>(api, method, path, { token: await tokenOf(user), body });

  it("gives the hotline operator's case to the routed centre, with the configured reference prefix", async () => {
    const created = await req(operator, 'POST', '/api/v1/cases', MINIMUM);
    expect(created.status).toBe(201);
    expect(created.body.reference).toMatch(/^HNT-\d{4}-\d+$/);
    const [row] = await db.query<{ organization_id: string }>(
      `SELECT organization_id FROM cases WHERE id = $1`,
      [created.body.id],
    );
    expect(row?.organization_id).toBe(centre.id);

    const byCentre = await req(centreSupervisor, 'GET', `/api/v1/cases/${created.body.id}`);
    expect(byCentre.status).toBe(200);
    expect(byCentre.body.organizationId).toBe(centre.id);
    expect((await req(hotlineSupervisor, 'GET', `/api/v1/cases/${created.body.id}`)).status).toBe(404);
  });

  it('lets the operator still see the routed case they opened for 24 hours, and not after', async () => {
    const created = await req(operator, 'POST', '/api/v1/cases', MINIMUM);
    expect((await req(operator, 'GET', `/api/v1/cases/${created.body.id}`)).status).toBe(200);
    const list = await call<{ items: { id: string }[] }>(api, 'GET', '/api/v1/cases', {
      token: await tokenOf(operator),
    });
    expect(list.body.items.map((i) => i.id)).toContain(created.body.id);

    await db.query(`UPDATE cases SET opened_at = now() - interval '25 hours' WHERE id = $1`, [
      created.body.id,
    ]);
    expect((await req(operator, 'GET', `/api/v1/cases/${created.body.id}`)).status).toBe(404);
  });

  it('keeps the intake of an organisation type that is not routed in its own organisation', async () => {
    const created = await req(centreCounsellor, 'POST', '/api/v1/cases', MINIMUM);
    expect(created.status).toBe(201);
    const [row] = await db.query<{ organization_id: string }>(
      `SELECT organization_id FROM cases WHERE id = $1`,
      [created.body.id],
    );
    expect(row?.organization_id).toBe(centre.id);
  });

  it('lets the operator complete the intake and refer in an emergency a routed case she opened, for 24 hours', async () => {
    const [safe] = await db.query<{ id: string }>(
      `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, capacity,
                              created_by)
       VALUES ('Nhà tạm lánh định tuyến', 'safe_house', $1, '01', '00004', '{shelter}', 3, $2) RETURNING id`,
      [centre.id, centreSupervisor.id],
    );
    const created = await req(operator, 'POST', '/api/v1/cases', MINIMUM);
    const file = await req(operator, 'GET', `/api/v1/cases/${created.body.id}`);
    expect(file.body.organizationId).toBe(centre.id);
    const patched = await req(operator, 'PATCH', `/api/v1/cases/${created.body.id}`, {
      version: file.body.version,
      survivor: { birthYear: 1991 },
    });
    expect(patched.status).toBe(200);
    const referred = await req(operator, 'POST', `/api/v1/cases/${created.body.id}/referrals`, {
      providerId: safe!.id,
      services: ['shelter'],
      urgency: 'emergency',
      emergencyOverride: { reasonText: 'Người bị hại đang gặp nguy hiểm ngay lúc này' },
    });
    expect(referred.status).toBe(201);
    expect(referred.body.emergencyOverride).toBe(true);
    // Not what she needs to finish the call: assigning stays the centre's.
    const assign = await req(operator, 'POST', `/api/v1/cases/${created.body.id}/assignment`, {
      assigneeId: centreCounsellor.id,
    });
    expect(assign.status).toBe(403);

    await db.query(`UPDATE cases SET opened_at = now() - interval '25 hours' WHERE id = $1`, [
      created.body.id,
    ]);
    const late = await req(operator, 'PATCH', `/api/v1/cases/${created.body.id}`, {
      version: patched.body.version,
      survivor: { birthYear: 1992 },
    });
    expect(late.status).toBe(404);
  });

  it("keeps the case in the caller's organisation and alerts every admin when the routed organisation does not exist", async () => {
    await db.query(`UPDATE organizations SET name = 'Tên khác' WHERE id = $1`, [centre.id]);
    let created: Awaited<ReturnType<typeof req>>;
    try {
      created = await req(operator, 'POST', '/api/v1/cases', MINIMUM);
    } finally {
      await db.query(`UPDATE organizations SET name = $2 WHERE id = $1`, [centre.id, CENTRE]);
    }
    expect(created.status).toBe(201);
    const [row] = await db.query<{ organization_id: string }>(
      `SELECT organization_id FROM cases WHERE id = $1`,
      [created.body.id],
    );
    expect(row?.organization_id).toBe(hotline.id);
    // The hotline's supervisor sees it: it is not lost between organisations.
    expect((await req(hotlineSupervisor, 'GET', `/api/v1/cases/${created.body.id}`)).status).toBe(200);
    const alerts = await eventually(
      () =>
        db.query<{ recipient_id: string; title: string }>(
          `SELECT recipient_id, title FROM notifications WHERE type = 'intake_unrouted' AND case_id = $1
            ORDER BY recipient_id`,
          [created.body.id],
        ),
      (r) => r.length === 2,
      { what: 'the admins alerted' },
    );
    expect(alerts.map((a) => a.recipient_id).sort()).toEqual([admin.id, otherAdmin.id].sort());
    expect(alerts[0]?.title).toContain(created.body.reference);
    expect(worker.logs()).not.toContain('Đường dây nóng thử');
  });
});
