import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseMoveRegistry } from '../../src/modules/cases';
import type { CaseMerge } from '../../src/modules/cases';
import { publish } from '../../src/modules/reporting/domain/disclosure';
import type { DisclosureRule } from '../../src/modules/reporting/domain/disclosure';
import { SERVICES_GIVEN } from '../../src/modules/reporting/domain/services-given.sql';
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

interface Service {
  id: string;
  service: string;
  givenOn: string;
  givenById: string;
  givenByName: string | null;
  note?: string;
  version: number;
  removedAt: string | null;
  removalReason: string | null;
}
interface Table {
  rows: Record<string, string | number | null>[];
  total: number | string;
}
interface Report {
  indicators: { id: string; numerator: number | string }[];
}

const RULE: DisclosureRule = { method: 'cell_key', maxNoise: 2, threshold: 5 };
const BA_DINH = '00004';
const NGOC_HA = '00008';
const NOTE_MARK = `mkrservicenote${Math.random().toString(36).slice(2, 8).replace(/\d/g, 'q')}`;
const today = (): string => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

/**
 * Services given recorded on the case (issue 15, item 4): recorded, listed, corrected and removed with
 * their version, audited; counted by the statistics (subject services) and the plan's indicators
 * (survivors given …) under the cell-key rule, once when a completed referral gave the same service the
 * same day; the note encrypted (no log line, no pg_dump); a provider denied.
 */
describe('services given recorded on the case, counted by the statistics and indicators', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let org: TestOrganization;
  let counsellor: TestUser;
  let supervisor: TestUser;
  let manager: TestUser;
  let provider: TestUser;
  const counted: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    org = await createOrganization(db, { name: 'Trung tâm dịch vụ' });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: org.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: org.id });
    manager = await createUser(db, { roles: ['centre_manager'], organizationId: org.id });
    provider = await createUser(db, { roles: ['provider_staff'], organizationId: org.id });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const req = async <T>(user: TestUser, method: string, path: string, body?: unknown, key?: string) =>
    call<T & ErrorBody>(api, method, path, {
      token: await tokenOf(user),
      body,
      ...(key ? { headers: { 'Idempotency-Key': key } } : {}),
    });
  const openAssigned = async (communeCode = BA_DINH): Promise<string> => {
    const c = await req<{ id: string }>(
      supervisor,
      'POST',
      '/api/v1/cases',
      intakePayload({
        receivedAt: new Date(Date.now() - 120_000).toISOString(),
        survivor: { sex: 'female', communeCode },
      }),
    );
    expect(c.status).toBe(201);
    const a = await req(supervisor, 'POST', `/api/v1/cases/${c.body.id}/assignment`, {
      assigneeId: counsellor.id,
    });
    expect(a.status).toBe(200);
    return c.body.id;
  };
  const record = (id: string, body: Record<string, unknown>, key?: string) =>
    req<Service>(counsellor, 'POST', `/api/v1/cases/${id}/services`, body, key);

  it('records, lists, corrects and removes a service entry with its version; audited without values', async () => {
    const id = await openAssigned(NGOC_HA);
    const added = await record(
      id,
      { service: 'legal_aid', givenOn: today(), note: `Tư vấn ly hôn ${NOTE_MARK}` },
      `svc-${id}`,
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      service: 'legal_aid',
      givenOn: today(),
      givenById: counsellor.id,
      version: 1,
    });
    const replay = await record(
      id,
      { service: 'legal_aid', givenOn: today(), note: `Tư vấn ly hôn ${NOTE_MARK}` },
      `svc-${id}`,
    );
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(added.body.id);

    const path = `/api/v1/cases/${id}/services/${added.body.id}`;
    const corrected = await req<Service>(counsellor, 'PATCH', path, {
      version: 1,
      service: 'psychological_counselling',
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({
      service: 'psychological_counselling',
      version: 2,
      note: `Tư vấn ly hôn ${NOTE_MARK}`,
    });
    const stale = await req(counsellor, 'PATCH', path, { version: 1, service: 'legal_aid' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');

    const second = await record(id, { service: 'shelter', givenOn: today(), givenById: supervisor.id });
    expect(second.status).toBe(201);
    expect(second.body.givenById).toBe(supervisor.id);
    const removed = await req<Service>(
      counsellor,
      'POST',
      `/api/v1/cases/${id}/services/${second.body.id}/remove`,
      {
        version: 1,
        reason: 'mistaken',
      },
    );
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ removalReason: 'mistaken' });
    const again = await req(counsellor, 'POST', `/api/v1/cases/${id}/services/${second.body.id}/remove`, {
      version: 2,
      reason: 'mistaken',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CASE_SERVICE_REMOVED');

    const list = await req<{ items: Service[] }>(counsellor, 'GET', `/api/v1/cases/${id}/services`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((s) => [s.service, s.removedAt !== null])).toEqual(
      expect.arrayContaining([
        ['psychological_counselling', false],
        ['shelter', true],
      ]),
    );
    const audit = await db.query<{ action: string; reason_code: string | null }>(
      `SELECT action, reason_code FROM audit_events WHERE case_id = $1 AND action LIKE 'case.service%'`,
      [id],
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'case.service_recorded', reason_code: 'legal_aid' },
        { action: 'case.service_corrected', reason_code: 'fields:service' },
        { action: 'case.service_removed', reason_code: 'mistaken' },
      ]),
    );
    counted.push(id);
  });

  it('refuses an unknown service, a day after today, a giver of another organisation; denies a provider', async () => {
    const id = await openAssigned();
    const unknown = await record(id, { service: 'rocket', givenOn: today() });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('UNKNOWN_CATALOGUE_KEY');
    const future = await record(id, { service: 'shelter', givenOn: '2099-01-01' });
    expect(future.status).toBe(400);
    expect(future.body.code).toBe('CASE_SERVICE_DATE_INVALID');
    const elsewhere = await createOrganization(db, { name: 'Tổ chức khác' });
    const stranger = await createUser(db, { roles: ['counsellor'], organizationId: elsewhere.id });
    const giver = await record(id, { service: 'shelter', givenOn: today(), givenById: stranger.id });
    expect(giver.status).toBe(400);
    expect(giver.body.code).toBe('CASE_SERVICE_GIVER_INVALID');
    expect((await req(provider, 'GET', `/api/v1/cases/${id}/services`)).status).toBe(404);
    expect(
      (await req(provider, 'POST', `/api/v1/cases/${id}/services`, { service: 'shelter', givenOn: today() }))
        .status,
    ).toBe(404);
    const rows = await db.query(`SELECT 1 FROM case_services WHERE case_id = $1`, [id]);
    expect(rows).toHaveLength(0);
  });

  it('counts the services in the statistics and the indicators, under the cell key, once beside a referral', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const id = await openAssigned();
      ids.push(id);
      expect((await record(id, { service: 'psychological_counselling', givenOn: today() })).status).toBe(201);
    }
    // The first case also has a completed referral that gave the same service the same day: counted once.
    const [first] = await db.query<{ reference: string }>(`SELECT reference FROM cases WHERE id = $1`, [
      ids[0],
    ]);
    await db.query(
      `INSERT INTO referrals (case_id, reference, referring_organization_id, referred_by, provider_id,
                              recipient_organization_id, services, urgency, status, sent_at, due_by,
                              services_provided, completed_on)
       VALUES ($1, $2, $3, $4, gen_random_uuid(), $3, '{psychological_counselling}', 'routine', 'completed', now(),
               now() + interval '3 days', '{psychological_counselling}', $5)`,
      [ids[0], `${first!.reference}-R1`, org.id, counsellor.id, today()],
    );
    const truth = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${SERVICES_GIVEN} sg WHERE sg.case_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(truth[0]!.n).toBe(8);

    const keys = await db.query<{ record_key: string }>(
      `SELECT record_key::text FROM cases WHERE id = ANY($1::uuid[])`,
      [[...ids, ...counted]],
    );
    const keySum = keys.reduce((s, k) => s + BigInt(k.record_key), 0n);
    const expected = publish(9, keySum, RULE);
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const table = await req<Table>(
      manager,
      'GET',
      `/api/v1/statistics/services?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=service`,
    );
    expect(table.status).toBe(200);
    expect(table.body.rows).toEqual([{ service: 'psychological_counselling', count: expected }]);
    expect(table.body.total).toBe(expected);
    // One commune with one case: withheld.
    const small = await req<Table>(
      manager,
      'GET',
      `/api/v1/statistics/services?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&communeCodes=${NGOC_HA}`,
    );
    expect(small.body.total).toBe('<5');

    const period = today().slice(0, 7);
    const report = await req<Report>(
      manager,
      'GET',
      `/api/v1/indicators?plan=hanoi-96-kh-ubnd&period=${period}`,
    );
    expect(report.status).toBe(200);
    const served = report.body.indicators.find((i) => i.id === 'survivors_psychological_counselling');
    expect(served?.numerator).toBe(expected);
  });

  it('moves the service entries to the surviving case on a merge, and only those back on its undo', async () => {
    const merged = await openAssigned();
    const surviving = await openAssigned();
    const given = await record(merged, { service: 'shelter', givenOn: today() });
    expect(given.status).toBe(201);
    const registry = api.app.get(CaseMoveRegistry);
    const dataSource = api.app.get(DataSource);
    const merge = {
      mergeId: randomUUID(),
      mergedCaseId: merged,
      survivingCaseId: surviving,
      actor: { user: { id: supervisor.id, roles: ['supervisor'], organizationId: org.id } },
      at: new Date(),
    } as unknown as CaseMerge;
    const moved = await dataSource.transaction((m) => registry.merge(m, merge));
    expect(moved['cases.case_services']).toEqual([given.body.id]);
    const after = await record(surviving, { service: 'legal_aid', givenOn: today() });
    await dataSource.transaction((m) => registry.unmerge(m, merge, moved));
    const rows = await db.query<{ id: string; case_id: string }>(
      `SELECT id, case_id FROM case_services WHERE id = ANY($1::uuid[]) ORDER BY recorded_at`,
      [[given.body.id, after.body.id]],
    );
    expect(rows).toEqual([
      { id: given.body.id, case_id: merged },
      { id: after.body.id, case_id: surviving },
    ]);
  });

  it('the note reaches no log line and no pg_dump', () => {
    expect(api.logs()).not.toContain(NOTE_MARK);
    const dump = execFileSync('pg_dump', ['--data-only', '--no-owner', '--dbname', db.url], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(dump).not.toContain(NOTE_MARK);
  });
});
