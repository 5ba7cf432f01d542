import { RunningApi, startApi, testEnv } from '../support/app';
import { call, createOrganization, createUser, MANY_SIGN_INS, TestUser, tokenCache } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';

const PLAN = 'hanoi-96-kh-ubnd';

interface PlanList {
  plans: { id: string; title: { vi: string; en: string }; indicators: number }[];
}

/** The plan ids GET /api/v1/indicators needs: listed by the API and shown in the OpenAPI document. */
describe('indicator plans (GET /api/v1/indicators/plans)', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let manager: TestUser;
  let counsellor: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    const org = await createOrganization(db, { name: 'Trung tâm kế hoạch chỉ số' });
    manager = await createUser(db, { roles: ['centre_manager'], organizationId: org.id });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: org.id });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('lists the configured plans with their ids, titles and number of indicators', async () => {
    const res = await call<PlanList>(api, 'GET', '/api/v1/indicators/plans', {
      token: await tokenOf(manager),
    });
    expect(res.status).toBe(200);
    const plan = res.body.plans.find((p) => p.id === PLAN);
    expect(plan?.title.vi).toContain('96/KH-UBND');
    expect(plan?.title.en).toContain('96/KH-UBND');
    expect(plan?.indicators).toBeGreaterThan(0);
    // The id listed is the one the indicators route takes.
    const report = await call(api, 'GET', `/api/v1/indicators?plan=${plan!.id}&period=2026-H1`, {
      token: await tokenOf(manager),
    });
    expect(report.status).toBe(200);
  });

  it('answers only the roles that may read the indicators', async () => {
    const res = await call(api, 'GET', '/api/v1/indicators/plans', { token: await tokenOf(counsellor) });
    expect(res.status).toBe(403);
    expect((await call(api, 'GET', '/api/v1/indicators/plans')).status).toBe(401);
  });

  it('documents the plan parameter with an example id and where the ids come from', async () => {
    const doc = await call<{
      paths: Record<
        string,
        { get?: { parameters?: { name: string; description?: string; schema?: { example?: string } }[] } }
      >;
    }>(api, 'GET', '/api/docs-json');
    expect(doc.body.paths['/api/v1/indicators/plans']?.get).toBeDefined();
    const params = doc.body.paths['/api/v1/indicators']?.get?.parameters ?? [];
    expect(params.filter((p) => p.name === 'plan')).toHaveLength(1);
    const param = params.find((p) => p.name === 'plan');
    expect(param?.schema?.example).toBe(PLAN);
    expect(param?.description).toContain('/api/v1/indicators/plans');
  });
});
