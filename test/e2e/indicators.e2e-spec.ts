import { publish } from '../../src/modules/reporting/domain/disclosure';
import type { DisclosureRule } from '../../src/modules/reporting/domain/disclosure';
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

interface Indicator {
  id: string;
  label: { vi: string; en: string };
  numerator: number | string;
  denominator: number | string | null;
  value: number | null;
  target: number | null;
  met: boolean | null;
  unit: string;
}
interface Report {
  plan: string;
  period: string;
  indicators: Indicator[];
  disclosure: DisclosureRule;
  code?: string;
  message?: string;
}

const RULE: DisclosureRule = { method: 'cell_key', maxNoise: 2, threshold: 5 };
const BA_DINH = '00004';
const NGOC_HA = '00008';
const PLAN = 'hanoi-96-kh-ubnd';

/** A seeded case: its record key is chosen, so the published figure can be computed by hand. */
interface Seeded {
  id: string;
  key: number;
  reference: string;
}

describe('plan indicators (GET /api/v1/indicators) over a seeded half-year', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let manager: TestUser;
  let supervisorB: TestUser;
  let counsellor: TestUser;
  let staff: TestUser;
  const cases: Seeded[] = [];
  let serial = 0;

  const seedCase = async (
    org: TestOrganization,
    communeCode: string,
    channel: string,
    receivedAt: string,
  ): Promise<Seeded> => {
    serial += 1;
    const key = 1_000_003 * serial + 77_777;
    const reference = `HN-2026-9${String(serial).padStart(5, '0')}`;
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO cases (reference, organization_id, channel, received_at, status, created_by, record_key)
       VALUES ($1, $2, $3, $4, 'open', $5, $6) RETURNING id`,
      [reference, org.id, channel, receivedAt, staff.id, key],
    );
    await db.query(`INSERT INTO survivors (case_id, sex, commune_code) VALUES ($1, 'female', $2)`, [
      row!.id,
      communeCode,
    ]);
    const seeded = { id: row!.id, key, reference };
    cases.push(seeded);
    return seeded;
  };

  const refer = async (
    c: Seeded,
    org: TestOrganization,
    sentAt: string,
    status: string,
    provided: string[],
    completedOn: string | null,
  ): Promise<void> => {
    await db.query(
      `INSERT INTO referrals (case_id, reference, referring_organization_id, referred_by, provider_id,
                              recipient_organization_id, services, urgency, status, sent_at, due_by,
                              services_provided, completed_on)
       VALUES ($1, $2, $3, $4, gen_random_uuid(), $3, $5, 'routine', $6, $7, $7::timestamptz + interval '3 days',
               $8, $9)`,
      [
        c.id,
        c.reference,
        org.id,
        staff.id,
        provided.length ? provided : ['shelter'],
        status,
        sentAt,
        provided,
        completedOn,
      ],
    );
  };

  const followUp = async (
    c: Seeded,
    org: TestOrganization,
    dueAt: string,
    status: string,
    completedAt: string | null,
  ) => {
    await db.query(
      `INSERT INTO follow_ups (case_id, reference, organization_id, kind, due_at, status, completed_at)
       VALUES ($1, $2, $3, 'case_review', $4, $5, $6)`,
      [c.id, c.reference, org.id, dueAt, status, completedAt],
    );
  };

  const activity = async (
    kind: string,
    date: string,
    audience: string[],
    participants: [number, number, number],
    extra: { model?: number; clusters?: number } = {},
  ) => {
    await db.query(
      `INSERT INTO activities (kind, project, model, title, date, province_code, commune_code, organization_id,
                               audience, participants_female, participants_male, participants_other,
                               residential_clusters_reached, created_by)
       VALUES ($1, 1, $2, 'Hoạt động thử', $3, '01', $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        kind,
        extra.model ?? null,
        date,
        BA_DINH,
        orgA.id,
        audience,
        ...participants,
        extra.clusters ?? null,
        staff.id,
      ],
    );
  };

  const denominator = async (key: string, value: number) => {
    await db.query(
      `INSERT INTO indicator_denominators (period, province_code, commune_code, key, value, updated_by)
       VALUES ('2026-H1', '01', '', $1, $2, $3)`,
      [key, value, manager.id],
    );
  };

  /** The figure the API must publish for these cases: the true count under the cell key, by hand. */
  const expected = (group: Seeded[], perRecord: (c: Seeded) => number = () => 1): number | string => {
    const count = group.reduce((n, c) => n + perRecord(c), 0);
    const keySum = group.reduce((s, c) => s + BigInt(c.key) * BigInt(perRecord(c)), 0n);
    return publish(count, keySum, RULE);
  };

  const indicators = async (user: TestUser, query: string) =>
    call<Report>(api, 'GET', `/api/v1/indicators?${query}`, { token: await tokenOf(user) });

  let hotline: Seeded[];
  let walkIn: Seeded[];
  let police: Seeded[];

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    orgA = await createOrganization(db, { name: 'Trung tâm chỉ số A' });
    orgB = await createOrganization(db, { name: 'Trung tâm chỉ số B' });
    staff = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    manager = await createUser(db, { roles: ['centre_manager'], organizationId: orgA.id });
    supervisorB = await createUser(db, { roles: ['supervisor'], organizationId: orgB.id });

    // Received 10 March 2026, 10:00 in Hanoi.
    const march10 = '2026-03-10T03:00:00Z';
    hotline = [];
    walkIn = [];
    for (let i = 0; i < 12; i++) hotline.push(await seedCase(orgA, BA_DINH, 'hotline', march10));
    for (let i = 0; i < 8; i++) walkIn.push(await seedCase(orgA, BA_DINH, 'walk_in', march10));
    police = [
      await seedCase(orgB, NGOC_HA, 'police', march10),
      await seedCase(orgB, NGOC_HA, 'health', march10),
    ];
    // Outside the half-year: 1 July 2026, 01:00 in Hanoi (still 30 June in UTC), and in H2.
    await seedCase(orgA, BA_DINH, 'hotline', '2026-06-30T18:00:00Z');
    await seedCase(orgA, BA_DINH, 'hotline', '2026-08-01T03:00:00Z');

    const all = [...hotline, ...walkIn];
    // Completed 15 March (5 days after receipt): shelter and counselling for 6, medical care for 2.
    for (const c of all.slice(0, 6)) {
      await refer(
        c,
        orgA,
        '2026-03-11T03:00:00Z',
        'completed',
        ['shelter', 'psychological_counselling'],
        '2026-03-15',
      );
    }
    for (const c of all.slice(6, 8))
      await refer(c, orgA, '2026-03-11T03:00:00Z', 'completed', ['medical_care'], '2026-03-15');
    // Legal aid, completed 1 April (22 days) for two more cases; one referral declined.
    for (const c of all.slice(8, 10))
      await refer(c, orgA, '2026-03-20T03:00:00Z', 'completed', ['legal_aid'], '2026-04-01');
    await refer(all[10]!, orgA, '2026-03-20T03:00:00Z', 'declined', [], null);

    // Follow-ups due 1 May: 7 done before, 1 done late, 2 open, 1 cancelled (not counted).
    const due = '2026-05-01T02:00:00Z';
    for (const c of all.slice(0, 7)) await followUp(c, orgA, due, 'done', '2026-04-30T02:00:00Z');
    await followUp(all[7]!, orgA, due, 'done', '2026-05-03T02:00:00Z');
    for (const c of all.slice(8, 10)) await followUp(c, orgA, due, 'open', null);
    await followUp(all[10]!, orgA, due, 'cancelled', null);

    await activity('awareness_session', '2026-04-01', ['officials'], [100, 150, 50]);
    await activity('awareness_session', '2026-04-02', ['students'], [60, 40, 0], { clusters: 14 });
    await activity('training_course', '2026-05-02', ['ge_staff'], [20, 10, 0]);
    for (let i = 0; i < 3; i++)
      await activity('club_meeting', '2026-02-0' + String(i + 1), ['residents'], [10, 5, 0], { model: 3 });
    await activity('convention_revision', '2026-06-10', ['village_heads'], [5, 5, 0], { model: 4 });
    for (let i = 0; i < 2; i++)
      await activity('counselling_point_session', '2026-06-1' + String(i + 1), ['residents'], [3, 1, 0], {
        model: 5,
      });
    await activity('club_meeting', '2026-07-01', ['residents'], [10, 5, 0], { model: 3 }); // H2: not counted
    await denominator('officials', 400);
    await denominator('students', 1000);
    await denominator('residential_clusters', 20);
    await denominator('ge_staff', 30);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const byId = (r: Report): Record<string, Indicator> =>
    Object.fromEntries(r.indicators.map((i) => [i.id, i]));

  it('gives the city-wide 96/KH-UBND indicators for 2026-H1 within the bound of hand-computed values', async () => {
    const res = await indicators(manager, `plan=${PLAN}&period=2026-H1`);
    expect(res.status).toBe(200);
    expect(res.body.plan).toBe(PLAN);
    expect(res.body.period).toBe('2026-H1');
    expect(res.body.disclosure).toEqual(RULE);
    const ind = byId(res.body);
    const all = [...hotline, ...walkIn];

    // Cases: 22 in the half-year (the two received in July, Hanoi time, do not count).
    const checks: [string, number | string, number][] = [
      ['cases_received', expected([...all, ...police]), 22],
      ['cases_received_hotline', expected(hotline), 12],
      ['cases_received_walk_in', expected(walkIn), 8],
      ['survivors_shelter', expected(all.slice(0, 6)), 6],
      ['survivors_psychological_counselling', expected(all.slice(0, 6)), 6],
      ['referrals_sent', expected(all.slice(0, 11)), 11],
      ['referrals_completed', expected(all.slice(0, 10)), 10],
    ];
    for (const [id, published, truth] of checks) {
      const got = ind[id]?.numerator;
      expect({ id, got }).toEqual({ id, got: published });
      // Within maxNoise of the truth, or withheld only where the truth minus the noise falls below 5.
      expect(typeof got === 'number' ? Math.abs(got - truth) <= 2 : got === '<5' && truth - 2 < 5).toBe(true);
    }
    // Small counts are withheld, and so is their value.
    expect(ind.cases_received_police_health).toMatchObject({ numerator: '<5', value: null });
    expect(ind.survivors_medical_care).toMatchObject({ numerator: '<5', value: null });
    expect(ind.survivors_legal_aid).toMatchObject({ numerator: '<5', value: null });
    expect(ind.cases_received_safe_house).toMatchObject({ numerator: 0, value: 0 });
    // Median days to the first service: 8 cases at 5 days, 2 at 22.
    expect(ind.median_days_to_first_service).toMatchObject({ numerator: 5, value: 5, unit: 'days' });
    // Follow-ups: 7 of 10 due on time (cancelled aside); the share from the published figures.
    const onTime = expected(all.slice(0, 7));
    const dueCount = expected(all.slice(0, 10));
    expect(ind.follow_ups_on_time).toMatchObject({
      numerator: onTime,
      denominator: dueCount,
      unit: 'percent',
    });
    expect(ind.follow_ups_on_time?.value).toBeCloseTo(((onTime as number) / (dueCount as number)) * 100, 1);

    // Community work is exact.
    expect(ind.officials_reached).toMatchObject({
      numerator: 300,
      denominator: 400,
      value: 75,
      target: 100,
      met: false,
    });
    expect(ind.students_reached).toMatchObject({
      numerator: 100,
      denominator: 1000,
      value: 10,
      target: 80,
      met: false,
    });
    expect(ind.residential_clusters_reached).toMatchObject({
      numerator: 14,
      denominator: 20,
      value: 70,
      target: 70,
      met: true,
    });
    expect(ind.ge_staff_trained).toMatchObject({
      numerator: 30,
      denominator: 30,
      value: 100,
      target: 100,
      met: true,
    });
    expect(ind.model3_club_meetings).toMatchObject({
      numerator: 3,
      value: 3,
      denominator: null,
      target: null,
      met: null,
    });
    expect(ind.model4_convention_revisions).toMatchObject({ numerator: 1 });
    expect(ind.model5_counselling_sessions).toMatchObject({ numerator: 2 });
    expect(ind.officials_reached?.label.vi).toContain('cán bộ');

    const text = JSON.stringify(res.body);
    for (const c of cases) {
      expect(text).not.toContain(c.id);
      expect(text).not.toContain(c.reference);
    }
  });

  it('gives the same answer twice', async () => {
    const a = await indicators(manager, `plan=${PLAN}&period=2026-H1`);
    const b = await indicators(manager, `plan=${PLAN}&period=2026-H1`);
    expect(b.body).toEqual(a.body);
  });

  it("narrows to a commune, and gives a supervisor their organisation's cases only", async () => {
    const commune = byId(
      (await indicators(manager, `plan=${PLAN}&period=2026-H1&communeCode=${NGOC_HA}`)).body,
    );
    expect(commune.cases_received?.numerator).toBe('<5');
    // No case there was served: the median stands on fewer than 5 cases and is withheld.
    expect(commune.median_days_to_first_service).toMatchObject({ numerator: '<5', value: null });
    expect(commune.officials_reached).toMatchObject({
      numerator: 0,
      denominator: null,
      value: null,
      met: null,
    });
    const res = await indicators(supervisorB, `plan=${PLAN}&period=2026-H1`);
    expect(res.status).toBe(200);
    const ind = byId(res.body);
    expect(ind.cases_received?.numerator).toBe('<5');
    expect(ind.referrals_sent?.numerator).toBe(0);
  });

  it('counts the seeded referrals and services in the statistics tables too', async () => {
    const all = [...hotline, ...walkIn];
    const table = async (subject: string, groupBy: string) =>
      call<{ rows: Record<string, string | number | null>[]; total: number | string }>(
        api,
        'GET',
        `/api/v1/statistics/${subject}?period=2026-H1&groupBy=${groupBy}`,
        { token: await tokenOf(manager) },
      );
    const services = await table('services', 'service');
    expect(services.status).toBe(200);
    expect(services.body.rows).toEqual([
      { service: 'legal_aid', count: '<5' },
      { service: 'medical_care', count: '<5' },
      { service: 'psychological_counselling', count: expected(all.slice(0, 6)) },
      { service: 'shelter', count: expected(all.slice(0, 6)) },
    ]);
    // 16 services given: 12 to the first six cases (two each), 2 of medical care, 2 of legal aid.
    expect(services.body.total).toBe(expected(all.slice(0, 10), (c) => (all.indexOf(c) < 6 ? 2 : 1)));
    const referrals = await table('referrals', 'referralOutcome');
    expect(referrals.status).toBe(200);
    expect(referrals.body.rows).toEqual([
      { referralOutcome: 'completed', count: expected(all.slice(0, 10)) },
      { referralOutcome: 'declined', count: '<5' },
    ]);
    expect(referrals.body.total).toBe(expected(all.slice(0, 11)));
  });

  it('refuses other roles (403) and answers 400 for an unknown plan or a period off the grammar', async () => {
    expect((await indicators(counsellor, `plan=${PLAN}&period=2026-H1`)).status).toBe(403);
    const plan = await indicators(manager, `plan=no-such-plan&period=2026-H1`);
    expect(plan.status).toBe(400);
    expect(plan.body.code).toBe('INDICATOR_PLAN_UNKNOWN');
    expect(plan.body.message).toContain(PLAN);
    const period = await indicators(manager, `plan=${PLAN}&period=2026-H3`);
    expect(period.status).toBe(400);
    expect(period.body.code).toBe('STATISTICS_PERIOD_INVALID');
  });
});
