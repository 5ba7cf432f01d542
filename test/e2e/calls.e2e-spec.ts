import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseMoveRegistry } from '../../src/modules/cases';
import { createCase } from '../factories/cases';
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

interface CallBody {
  id: string;
  organizationId: string;
  operatorId: string;
  startedAt: string;
  durationSeconds: number;
  channel: string;
  category: string;
  outcome: string;
  caseId: string | null;
  version: number;
}
interface ListBody {
  items: CallBody[];
  nextCursor: string | null;
}
interface Table {
  counts: string;
  rows: Record<string, string | number | null>[];
  total: number | string;
}

const SILENT = { category: 'silent', outcome: 'call_dropped', durationSeconds: 35 };
const MAX_NOISE = 2;

/** The field named by an error answer (a domain error's text, or a validation error's details). */
const namesField = (body: ErrorBody, field: string): boolean =>
  body.message.includes(field) || JSON.stringify(body.details ?? '').includes(field);

describe('the call log (issue 15, item 9)', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let operator: TestUser;
  let operator2: TestUser;
  let operatorB: TestUser;
  let counsellor: TestUser;
  let supervisor: TestUser;
  let supervisorB: TestUser;
  let provider: TestUser;
  let manager: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    orgA = await createOrganization(db, { name: 'Trung tâm cuộc gọi A' });
    orgB = await createOrganization(db, { name: 'Trung tâm cuộc gọi B' });
    operator = await createUser(db, { roles: ['hotline_operator'], organizationId: orgA.id });
    operator2 = await createUser(db, { roles: ['hotline_operator'], organizationId: orgA.id });
    operatorB = await createUser(db, { roles: ['hotline_operator'], organizationId: orgB.id });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: orgA.id });
    supervisorB = await createUser(db, { roles: ['supervisor'], organizationId: orgB.id });
    provider = await createUser(db, { roles: ['provider_staff'], organizationId: orgA.id });
    manager = await createUser(db, { roles: ['centre_manager'], organizationId: orgA.id });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const post = async (user: TestUser, body: unknown, key?: string) =>
    call<CallBody & ErrorBody>(api, 'POST', '/api/v1/calls', {
      token: await tokenOf(user),
      body,
      headers: key ? { 'idempotency-key': key } : {},
    });
  const get = async (user: TestUser, path: string) =>
    call<CallBody & ListBody & ErrorBody>(api, 'GET', path, { token: await tokenOf(user) });
  const patch = async (user: TestUser, id: string, body: unknown) =>
    call<CallBody & ErrorBody>(api, 'PATCH', `/api/v1/calls/${id}`, { token: await tokenOf(user), body });
  const logged = async (user: TestUser, body: unknown = SILENT): Promise<CallBody> => {
    const res = await post(user, body);
    expect(res.status).toBe(201);
    return res.body;
  };
  const audited = async (action: string, entityId: string): Promise<number> =>
    (await db.query(`SELECT 1 FROM audit_events WHERE action = $1 AND entity_id = $2`, [action, entityId]))
      .length;
  const stats = async (user: TestUser, groupBy?: string) => {
    const from = encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString());
    const to = encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString());
    return call<Table & ErrorBody>(
      api,
      'GET',
      `/api/v1/statistics/calls?from=${from}&to=${to}${groupBy ? `&groupBy=${groupBy}` : ''}`,
      { token: await tokenOf(user) },
    );
  };

  it('logs a silent call without a case, started its duration ago, and audits it', async () => {
    const before = Date.now();
    const c = await logged(operator);
    expect(c).toMatchObject({
      organizationId: orgA.id,
      operatorId: operator.id,
      channel: 'hotline',
      category: 'silent',
      outcome: 'call_dropped',
      durationSeconds: 35,
      caseId: null,
      version: 1,
    });
    const started = new Date(c.startedAt).getTime();
    expect(started).toBeGreaterThanOrEqual(before - 35_000 - 1_000);
    expect(started).toBeLessThanOrEqual(Date.now() - 35_000 + 1_000);
    expect(await audited('call.created', c.id)).toBe(1);
    const mine = await get(operator, '/api/v1/calls');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i) => i.id)).toContain(c.id);
  });

  it('logs a call that opened a case, and the case file lists it', async () => {
    const opened = await createCase(api, await tokenOf(operator));
    const c = await logged(operator, {
      category: 'gbv_disclosure',
      outcome: 'case_opened',
      durationSeconds: 600,
      caseId: opened.id,
    });
    expect(c.caseId).toBe(opened.id);
    const ofCase = await get(operator, `/api/v1/cases/${opened.id}/calls`);
    expect(ofCase.status).toBe(200);
    expect(ofCase.body.items.map((i) => i.id)).toEqual([c.id]);
    // The file names who took the call (her work name), not only an id.
    expect((ofCase.body.items[0] as { operatorName?: string }).operatorName).toBe(operator.displayName);
    expect(await audited('case.calls_read', opened.id)).toBe(1);
    // Another operator of the same organisation does not read the case: its calls are hidden.
    expect((await get(operator2, `/api/v1/cases/${opened.id}/calls`)).status).toBe(404);
    expect((await get(supervisor, `/api/v1/cases/${opened.id}/calls`)).status).toBe(200);
  });

  it('links a call to a case afterwards, with the version, by its operator or a supervisor', async () => {
    const c = await logged(operator, {
      category: 'information',
      outcome: 'information_given',
      durationSeconds: 90,
    });
    const opened = await createCase(api, await tokenOf(operator));
    const linked = await patch(operator, c.id, { version: 1, outcome: 'linked_to_case', caseId: opened.id });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ outcome: 'linked_to_case', caseId: opened.id, version: 2 });
    expect(await audited('call.updated', c.id)).toBe(1);
    const stale = await patch(operator, c.id, { version: 1, category: 'other' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const bySupervisor = await patch(supervisor, c.id, { version: 2, category: 'referral_request' });
    expect(bySupervisor.status).toBe(200);
    expect(bySupervisor.body.version).toBe(3);
    // Another operator may not even see it.
    expect((await patch(operator2, c.id, { version: 3, category: 'other' })).status).toBe(404);
    // Unlinking needs an outcome that does not name a case.
    const unlink = await patch(operator, c.id, { version: 3, caseId: null });
    expect(unlink.status).toBe(422);
    expect(unlink.body.code).toBe('CALL_CASE_REQUIRED');
  });

  it.each([
    ['category', { ...SILENT, category: 'weather' }, 400, 'UNKNOWN_CATALOGUE_KEY'],
    ['outcome', { ...SILENT, outcome: 'hung_up' }, 400, 'UNKNOWN_CATALOGUE_KEY'],
    ['channel', { ...SILENT, channel: 'pigeon' }, 400, 'UNKNOWN_CATALOGUE_KEY'],
    ['durationSeconds', { ...SILENT, durationSeconds: -1 }, 400, 'VALIDATION_FAILED'],
    ['caseId', { ...SILENT, caseId: 'not-a-uuid' }, 400, 'VALIDATION_FAILED'],
    ['startedAt', { ...SILENT, startedAt: '2099-01-01T00:00:00Z' }, 400, 'CALL_START_OUT_OF_RANGE'],
    ['caseId', { ...SILENT, outcome: 'case_opened' }, 422, 'CALL_CASE_REQUIRED'],
    ['caseId', { ...SILENT, caseId: randomUUID() }, 422, 'CALL_CASE_UNAVAILABLE'],
  ])('refuses a bad %s (%j), naming the field, writing nothing', async (field, body, status, code) => {
    const before = await db.query(`SELECT id FROM calls`);
    const res = await post(operator, body);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(namesField(res.body, field)).toBe(true);
    expect(await db.query(`SELECT id FROM calls`)).toHaveLength(before.length);
  });

  it('refuses to link a case of another organisation (as if it did not exist)', async () => {
    const theirs = await createCase(api, await tokenOf(operatorB));
    const res = await post(operator, { ...SILENT, outcome: 'linked_to_case', caseId: theirs.id });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CALL_CASE_UNAVAILABLE');
    expect(namesField(res.body, 'caseId')).toBe(true);
    const bySupervisor = await post(supervisor, { ...SILENT, caseId: theirs.id });
    expect(bySupervisor.body.code).toBe('CALL_CASE_UNAVAILABLE');
  });

  it('replays the answer for the same Idempotency-Key: a retry makes one call', async () => {
    const key = randomUUID();
    const body = { ...SILENT, durationSeconds: 4242 };
    const first = await post(operator, body, key);
    const second = await post(operator, body, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(await db.query(`SELECT id FROM calls WHERE duration_seconds = 4242`)).toHaveLength(1);
  });

  it("lists an operator's own calls of today, a supervisor's organisation's, in keyset pages", async () => {
    const theirs = await logged(operator2);
    const other = await logged(operatorB);
    const yesterday = await logged(operator, {
      ...SILENT,
      startedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    });
    const mine = await get(operator, '/api/v1/calls');
    const ids = mine.body.items.map((i) => i.id);
    expect(mine.body.items.every((i) => i.operatorId === operator.id)).toBe(true);
    expect(ids).not.toContain(theirs.id);
    expect(ids).not.toContain(yesterday.id);
    const older = await get(operator, `/api/v1/calls?from=${yesterday.startedAt.slice(0, 10)}`);
    expect(older.body.items.map((i) => i.id)).toContain(yesterday.id);

    const all = await get(supervisor, '/api/v1/calls?limit=100');
    const allIds = all.body.items.map((i) => i.id);
    expect(allIds).toEqual(expect.arrayContaining([theirs.id, yesterday.id, ...ids]));
    expect(allIds).not.toContain(other.id);
    expect(all.body.items.every((i) => i.organizationId === orgA.id)).toBe(true);
    expect((await get(supervisorB, '/api/v1/calls')).body.items.map((i) => i.id)).toEqual([other.id]);

    const silent = await get(supervisor, '/api/v1/calls?category=silent&outcome=call_dropped&limit=100');
    expect(silent.body.items.every((i) => i.category === 'silent' && i.outcome === 'call_dropped')).toBe(
      true,
    );
    const own = await get(supervisor, '/api/v1/calls?mine=true');
    expect(own.body.items).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(supervisor, `/api/v1/calls?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(allIds);
    expect((await get(supervisor, '/api/v1/calls?from=2026-05-02&to=2026-05-01')).body.code).toBe(
      'CALL_RANGE_INVALID',
    );
  });

  it('lets counsellors log and see their own calls; refuses provider staff and managers', async () => {
    const mine = await logged(counsellor);
    expect((await get(counsellor, `/api/v1/calls/${mine.id}`)).status).toBe(200);
    const operators = await logged(operator);
    expect((await get(counsellor, `/api/v1/calls/${operators.id}`)).status).toBe(404);
    expect((await get(operator, `/api/v1/calls/${mine.id}`)).status).toBe(404);
    expect((await get(supervisor, `/api/v1/calls/${mine.id}`)).status).toBe(200);
    for (const user of [provider, manager]) {
      expect((await post(user, SILENT)).status).toBe(403);
      expect((await get(user, '/api/v1/calls')).status).toBe(403);
      expect((await get(user, `/api/v1/calls/${mine.id}`)).status).toBe(404);
    }
  });

  it('counts a call without a case in the statistics, small counts suppressed', async () => {
    // Organisation B: one call so far, a silent one without a case.
    const one = await stats(supervisorB, 'callCategory');
    expect(one.status).toBe(200);
    expect(one.body.counts).toBe('calls');
    expect(one.body.rows).toEqual([{ callCategory: 'silent', count: '<5' }]);
    expect(one.body.total).toBe('<5');
    for (let i = 0; i < 9; i++) await logged(operatorB);
    const ten = await stats(supervisorB, 'callCategory,callOutcome');
    expect(ten.body.rows).toHaveLength(1);
    const count = ten.body.rows[0]?.count;
    expect(ten.body.rows[0]).toMatchObject({ callCategory: 'silent', callOutcome: 'call_dropped' });
    expect(typeof count).toBe('number');
    expect(Math.abs((count as number) - 10)).toBeLessThanOrEqual(MAX_NOISE);
    const byMonth = await stats(supervisorB, 'period,channel');
    expect(byMonth.body.rows[0]).toMatchObject({ channel: 'hotline' });
    // The city for a manager: both organisations' calls, with and without a case.
    const city = await stats(manager, 'callOutcome');
    expect(city.status).toBe(200);
    expect(city.body.rows.map((r) => r.callOutcome)).toEqual(
      expect.arrayContaining(['call_dropped', 'case_opened']),
    );
    expect(JSON.stringify(city.body)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    // A case dimension does not apply to calls; a call dimension does not apply to cases.
    expect((await stats(manager, 'violenceType')).body.code).toBe('STATISTICS_DIMENSION_NOT_APPLICABLE');
    expect((await stats(operator)).status).toBe(403);
  });

  it('moves the calls of a merged case to the surviving case, and exactly those back on undo', async () => {
    const merged = await createCase(api, await tokenOf(operator));
    const surviving = await createCase(api, await tokenOf(operator));
    const moving = await logged(operator, { ...SILENT, outcome: 'case_opened', caseId: merged.id });
    const registry = api.app.get(CaseMoveRegistry);
    const dataSource = api.app.get(DataSource);
    const actor = { user: { id: supervisor.id, roles: ['supervisor'], organizationId: orgA.id } };
    const merge = {
      mergeId: randomUUID(),
      mergedCaseId: merged.id,
      survivingCaseId: surviving.id,
      actor: actor as never,
      at: new Date(),
    };
    const moved = await dataSource.transaction((m) => registry.merge(m, merge));
    expect(moved.calls).toEqual([moving.id]);
    const after = await logged(operator, { ...SILENT, outcome: 'linked_to_case', caseId: surviving.id });
    await dataSource.transaction((m) => registry.unmerge(m, merge, moved));
    const rows = await db.query<{ id: string; case_id: string }>(
      `SELECT id, case_id FROM calls WHERE id = ANY($1::uuid[])`,
      [[moving.id, after.id]],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.case_id]))).toEqual({
      [moving.id]: merged.id,
      [after.id]: surviving.id,
    });
  });
});
