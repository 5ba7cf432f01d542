import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDir } from '../../src/platform/config';
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

interface Answer {
  id: string;
  reference: string;
  organizationId: string;
  code: string;
  message: string;
}

const MINIMUM = {
  channel: 'hotline',
  survivor: { sex: 'female' },
  incident: { violenceTypes: ['physical_assault'] },
};
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
  let dir: string;
  let tokenOf: ReturnType<typeof tokenCache>;
  let hotline: TestOrganization;
  let centre: TestOrganization;
  let operator: TestUser;
  let hotlineSupervisor: TestUser;
  let centreSupervisor: TestUser;
  let centreCounsellor: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = configWith((text) =>
      text
        .replace('referencePrefix: HN', 'referencePrefix: HNT')
        .replace('intakeRouting: {}', `intakeRouting:\n  hotline: ${CENTRE}`),
    );
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, HAVEN_CONFIG_DIR: dir }));
    tokenOf = tokenCache(api);
    hotline = await createOrganization(db, { name: 'Đường dây nóng thử', type: 'hotline' });
    centre = await createOrganization(db, { name: CENTRE, type: 'social_work_centre' });
    operator = await createUser(db, { roles: ['hotline_operator'], organizationId: hotline.id });
    hotlineSupervisor = await createUser(db, { roles: ['supervisor'], organizationId: hotline.id });
    centreSupervisor = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
    centreCounsellor = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
  });
  afterAll(async () => {
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

  it('refuses the intake, writing nothing, when the routed organisation does not exist', async () => {
    const before = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM cases`);
    await db.query(`UPDATE organizations SET name = 'Tên khác' WHERE id = $1`, [centre.id]);
    try {
      const refused = await req(operator, 'POST', '/api/v1/cases', MINIMUM);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('INTAKE_ROUTE_UNKNOWN');
      expect(refused.body.message).toContain('hotline');
    } finally {
      await db.query(`UPDATE organizations SET name = $2 WHERE id = $1`, [centre.id, CENTRE]);
    }
    expect(await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM cases`)).toEqual(before);
  });
});
