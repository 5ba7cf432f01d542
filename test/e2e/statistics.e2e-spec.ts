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
import { intakePayload } from '../factories/cases';

interface Table {
  counts: string;
  description: { vi: string; en: string };
  groupBy: string[];
  rows: Record<string, string | number | null>[];
  total: number | string;
  disclosure: { method: string; maxNoise: number; threshold: number };
}

const BA_DINH = '00004';
const NGOC_HA = '00008';
const MAX_NOISE = 2;
/** A marker in every survivor's name: it must never come back from the statistics. */
const NAME_MARK = 'Nguyễn Thị Markerstat';

const within = (published: number | string | undefined, truth: number): boolean =>
  typeof published === 'number' && Math.abs(published - truth) <= MAX_NOISE && published >= 5;

describe('statistics under disclosure control (GET /api/v1/statistics/:subject)', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let operatorA: TestUser;
  let operatorB: TestUser;
  let supervisorA: TestUser;
  let supervisorB: TestUser;
  let manager: TestUser;
  const others: Record<string, TestUser> = {};
  const caseIds: string[] = [];
  const references: string[] = [];
  let from: string;
  let to: string;
  let month: string;

  const intake = async (user: TestUser, communeCode: string, violenceTypes: string[], sex = 'female') => {
    const res = await call<{ id: string; reference: string }>(api, 'POST', '/api/v1/cases', {
      token: await tokenOf(user),
      body: intakePayload({
        receivedAt: new Date(Date.now() - 120_000).toISOString(),
        survivor: { fullName: `${NAME_MARK} ${caseIds.length}`, sex, communeCode },
        incident: { violenceTypes },
      }),
    });
    expect(res.status).toBe(201);
    caseIds.push(res.body.id);
    references.push(res.body.reference);
  };

  const stats = async (user: TestUser, query: string, subject = 'cases') =>
    call<Table & ErrorBody>(api, 'GET', `/api/v1/statistics/${subject}?${query}`, {
      token: await tokenOf(user),
    });

  const noIdentifiers = (body: unknown): void => {
    const text = JSON.stringify(body);
    expect(text).not.toContain('Markerstat');
    for (const id of caseIds) expect(text).not.toContain(id);
    for (const ref of references) expect(text).not.toContain(ref);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    orgA = await createOrganization(db, { name: 'Trung tâm thống kê A' });
    orgB = await createOrganization(db, { name: 'Trung tâm thống kê B' });
    operatorA = await createUser(db, { roles: ['hotline_operator'], organizationId: orgA.id });
    operatorB = await createUser(db, { roles: ['hotline_operator'], organizationId: orgB.id });
    supervisorA = await createUser(db, { roles: ['supervisor'], organizationId: orgA.id });
    supervisorB = await createUser(db, { roles: ['supervisor'], organizationId: orgB.id });
    manager = await createUser(db, { roles: ['centre_manager'], organizationId: orgA.id });
    for (const role of ['hotline_operator', 'counsellor', 'provider_staff', 'admin', 'auditor']) {
      others[role] = await createUser(db, { roles: [role], organizationId: orgA.id });
    }
    // Ba Đình (organisation A): 10 cases with two violence types each, 2 of psychological abuse only, one
    // of them male. Ngọc Hà (organisation B): 3 cases of physical assault.
    for (let i = 0; i < 10; i++) await intake(operatorA, BA_DINH, ['physical_assault', 'sexual_assault']);
    await intake(operatorA, BA_DINH, ['psychological_abuse']);
    await intake(operatorA, BA_DINH, ['psychological_abuse'], 'male');
    for (let i = 0; i < 3; i++) await intake(operatorB, NGOC_HA, ['physical_assault']);
    const start = new Date(Date.now() - 24 * 3_600_000);
    from = start.toISOString();
    to = new Date(Date.now() + 3_600_000).toISOString();
    month = new Date(Date.now() - 120_000 + 7 * 3_600_000).toISOString().slice(0, 7);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const range = (): string => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

  it('counts the city for a manager, each commune within maxNoise and a commune of 3 cases as "<5"', async () => {
    const res = await stats(manager, `${range()}&groupBy=communeCode`);
    expect(res.status).toBe(200);
    expect(res.body.counts).toBe('cases');
    expect(res.body.disclosure).toEqual({ method: 'cell_key', maxNoise: 2, threshold: 5 });
    expect(res.body.description.vi).toContain('vụ việc');
    expect(res.body.rows).toEqual([
      { communeCode: BA_DINH, count: expect.any(Number) as number },
      { communeCode: NGOC_HA, count: '<5' },
    ]);
    expect(within(res.body.rows[0]?.count ?? undefined, 12)).toBe(true);
    expect(within(res.body.total, 15)).toBe(true);
    noIdentifiers(res.body);
  });

  it('gives the same table twice', async () => {
    const q = `${range()}&groupBy=communeCode,violenceType,sex`;
    const a = await stats(manager, q);
    const b = await stats(manager, q);
    expect(a.status).toBe(200);
    expect(b.body).toEqual(a.body);
    // The contract's example: every row names its three dimensions.
    for (const row of a.body.rows)
      expect(Object.keys(row).sort()).toEqual(['communeCode', 'count', 'sex', 'violenceType']);
    noIdentifiers(a.body);
  });

  it('counts a case with two violence types under each, and the total once (not the sum of rows)', async () => {
    const res = await stats(manager, `${range()}&groupBy=violenceType`);
    expect(res.status).toBe(200);
    const byType = new Map(res.body.rows.map((r) => [r.violenceType, r.count]));
    expect(within(byType.get('physical_assault') ?? undefined, 13)).toBe(true);
    expect(within(byType.get('sexual_assault') ?? undefined, 10)).toBe(true);
    expect(byType.get('psychological_abuse')).toBe('<5');
    expect(within(res.body.total, 15)).toBe(true);
    const numericSum = res.body.rows.reduce((s, r) => s + (typeof r.count === 'number' ? r.count : 0), 0);
    expect(numericSum).toBeGreaterThan(res.body.total as number);
  });

  it('shows small cells as "<5" and never a count from 1 to 4', async () => {
    const res = await stats(manager, `${range()}&groupBy=communeCode,sex`);
    expect(res.status).toBe(200);
    const male = res.body.rows.find((r) => r.sex === 'male');
    expect(male?.count).toBe('<5');
    for (const row of res.body.rows) {
      expect(row.count === '<5' || (typeof row.count === 'number' && row.count >= 5)).toBe(true);
    }
  });

  it("gives a supervisor their organisation's cases only", async () => {
    const a = await stats(supervisorA, `${range()}&groupBy=communeCode`);
    expect(a.status).toBe(200);
    expect(a.body.rows.map((r) => r.communeCode)).toEqual([BA_DINH]);
    expect(within(a.body.total, 12)).toBe(true);
    const b = await stats(supervisorB, `${range()}&groupBy=communeCode`);
    expect(b.status).toBe(200);
    expect(b.body.rows).toEqual([{ communeCode: NGOC_HA, count: '<5' }]);
    expect(b.body.total).toBe('<5');
  });

  it('narrows to the communes asked for and accepts a period instead of from/to', async () => {
    const one = await stats(manager, `${range()}&communeCodes=${NGOC_HA}`);
    expect(one.status).toBe(200);
    expect(one.body.total).toBe('<5');
    const both = await stats(manager, `period=${month}&communeCodes=${BA_DINH},${NGOC_HA}&groupBy=period`);
    expect(both.status).toBe(200);
    expect(both.body.rows).toEqual([{ period: month, count: expect.any(Number) as number }]);
    expect(within(both.body.total, 15)).toBe(true);
  });

  it('answers the other subjects, with the dimensions that fit them', async () => {
    const incidents = await stats(manager, `${range()}&groupBy=violenceType`, 'incidents');
    expect(incidents.status).toBe(200);
    expect(incidents.body.counts).toBe('incidents');
    expect(within(incidents.body.total, 15)).toBe(true);
    const survivors = await stats(manager, `${range()}&groupBy=sex,ageGroup,disability`, 'survivors');
    expect(survivors.status).toBe(200);
    for (const subject of ['referrals', 'services']) {
      const res = await stats(manager, `${range()}&groupBy=service`, subject);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ counts: subject, rows: [], total: 0 });
    }
    const outcome = await stats(manager, `${range()}&groupBy=referralOutcome,actGroup`, 'referrals');
    expect(outcome.status).toBe(200);
  });

  it('refuses every role but centre managers and supervisors (403)', async () => {
    for (const user of Object.values(others)) {
      const res = await stats(user, range());
      expect({ role: user.roles[0], status: res.status }).toEqual({ role: user.roles[0], status: 403 });
    }
    const anonymous = await call(api, 'GET', `/api/v1/statistics/cases?${range()}`);
    expect(anonymous.status).toBe(401);
  });

  it('gives a manager figures only: 403 on the case list, 404 on a case', async () => {
    const token = await tokenOf(manager);
    expect((await call(api, 'GET', '/api/v1/cases', { token })).status).toBe(403);
    const file = await call<ErrorBody>(api, 'GET', `/api/v1/cases/${caseIds[0]!}`, { token });
    expect(file.status).toBe(404);
    expect(file.body.code).toBe('NOT_FOUND');
  });

  it.each([
    [
      'an unknown dimension',
      () => `${range()}&groupBy=communeCode,shoeSize`,
      'STATISTICS_UNKNOWN_DIMENSION',
      'groupBy',
    ],
    [
      'more than four dimensions',
      () => `${range()}&groupBy=communeCode,sex,ageGroup,channel,disability`,
      'STATISTICS_TOO_MANY_DIMENSIONS',
      '4',
    ],
    ['a dimension given twice', () => `${range()}&groupBy=sex,sex`, 'STATISTICS_DUPLICATE_DIMENSION', 'sex'],
    [
      'a dimension that does not fit the subject',
      () => `${range()}&groupBy=referralOutcome`,
      'STATISTICS_DIMENSION_NOT_APPLICABLE',
      'referralOutcome',
    ],
    [
      'from not a date',
      () => `from=yesterday&to=${encodeURIComponent(to)}`,
      'STATISTICS_RANGE_INVALID',
      'from',
    ],
    [
      'from after to',
      () => `from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`,
      'STATISTICS_RANGE_INVALID',
      'from',
    ],
    ['no time range', () => 'groupBy=sex', 'STATISTICS_RANGE_INVALID', 'from'],
    ['a period off the grammar', () => 'period=2026-H3', 'STATISTICS_PERIOD_INVALID', 'YYYY-H1'],
    [
      'another province',
      () => `${range()}&provinceCode=79`,
      'STATISTICS_PROVINCE_OUT_OF_SCOPE',
      'provinceCode',
    ],
    ['a malformed commune code', () => `${range()}&communeCodes=abc`, 'VALIDATION_FAILED', 'communeCodes'],
  ])('answers 400 naming the problem for %s', async (_, query, code, named) => {
    const res = await stats(manager, query());
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(res.body.message).toContain(named);
  });

  it('answers 400 for a subject that is not counted', async () => {
    const res = await stats(manager, range(), 'people');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('STATISTICS_UNKNOWN_SUBJECT');
  });
});
