import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
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
import type { ErrorBody } from '../support/error-body';

interface Created {
  id: string;
  reference: string;
  status: string;
  riskLevel: string | null;
  version: number;
  possibleDuplicates: { reference: string; status: string }[];
}
interface ListBody {
  items: { id: string; reference: string; status: string; assigneeId: string | null }[];
  nextCursor: string | null;
}
interface FileBody {
  id: string;
  reference: string;
  status: string;
  organizationId: string;
  context: string[];
  riskLevel: string | null;
  survivor: Record<string, unknown>;
  reporter?: Record<string, unknown>;
  incident: Record<string, unknown>;
  consents: unknown[];
  note?: string;
}

const MINIMUM = intakePayload();

const HIGH_RISK = {
  threats_to_kill: true,
  weapon_access: true,
  strangulation: true,
  escalating_violence: true,
};

/** Every field of the intake; the personal ones are markers that must never leak. */
const MARK = {
  name: 'Trần Thị Markerhoa',
  phoneSpaced: '0987 654 321',
  phoneE164: '+84987654321',
  nationalId: '001190099887',
  address: 'Ngõ 77 Markerphố',
  note: 'Ghi chú markernote riêng tư',
  codeWord: 'markercodeword',
  safeTimes: 'markersafetimes sau 9 giờ',
  reporterName: 'Lê Văn Markerbao',
  reporterPhone: '0911 222 333',
  guardianName: 'Phạm Thị Markergiam',
  guardianPhone: '0933 444 555',
};

const fullIntake = (organizationId?: string) => ({
  channel: 'hotline',
  receivedAt: new Date(Date.now() - 60_000).toISOString(),
  ...(organizationId ? { organizationId } : {}),
  survivor: {
    fullName: MARK.name,
    phones: [MARK.phoneSpaced],
    sex: 'female',
    birthYear: 2010,
    nationalId: MARK.nationalId,
    communeCode: '00004',
    addressDetail: MARK.address,
    disability: false,
    ethnicMinority: true,
    guardian: { fullName: MARK.guardianName, phone: MARK.guardianPhone },
    safeContact: {
      canCall: false,
      canText: true,
      canLeaveMessage: false,
      safeTimes: MARK.safeTimes,
      phoneSharedWithPerpetrator: true,
      codeWord: MARK.codeWord,
    },
  },
  reporter: { relationship: 'neighbour', fullName: MARK.reporterName, phone: MARK.reporterPhone },
  incident: {
    occurredOn: '2026-01',
    placeType: 'home',
    violenceTypes: ['sexual_assault', 'physical_assault'],
    perpetrator: { relationship: 'spouse', sex: 'male', count: 1 },
    repeated: true,
    previouslyReported: false,
    childrenPresent: true,
  },
  risk: { answers: HIGH_RISK },
  consents: [{ purpose: 'case_management', method: 'verbal', givenBy: 'survivor' }],
  note: MARK.note,
});

describe('case intake and the case file', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let worker: RunningWorker;
  let tokenOf: ReturnType<typeof tokenCache>;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let operator: TestUser;
  let operator2: TestUser;
  let counsellor: TestUser;
  let supervisor: TestUser;
  let supervisor2: TestUser;
  let supervisorB: TestUser;
  const others: Record<string, TestUser> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' });
    api = await startApi(env);
    worker = await startWorker(env);
    tokenOf = tokenCache(api);
    orgA = await createOrganization(db, { name: 'Trung tâm ca A' });
    orgB = await createOrganization(db, { name: 'Trung tâm ca B' });
    operator = await createUser(db, { roles: ['hotline_operator'], organizationId: orgA.id });
    operator2 = await createUser(db, { roles: ['hotline_operator'], organizationId: orgA.id });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: orgA.id });
    supervisor2 = await createUser(db, { roles: ['supervisor'], organizationId: orgA.id });
    supervisorB = await createUser(db, { roles: ['supervisor'], organizationId: orgB.id });
    for (const role of ['provider_staff', 'centre_manager', 'admin', 'auditor']) {
      others[role] = await createUser(db, { roles: [role], organizationId: orgA.id });
    }
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.drop();
  });

  const intake = async (user: TestUser, body: unknown, key?: string) =>
    call<Created & ErrorBody>(api, 'POST', '/api/v1/cases', {
      token: await tokenOf(user),
      body,
      headers: key ? { 'idempotency-key': key } : {},
    });
  const read = async (user: TestUser, id: string) =>
    call<FileBody & ErrorBody>(api, 'GET', `/api/v1/cases/${id}`, { token: await tokenOf(user) });
  const list = async (user: TestUser, query = '') =>
    call<ListBody & ErrorBody>(api, 'GET', `/api/v1/cases${query}`, { token: await tokenOf(user) });
  const search = async (user: TestUser, body: unknown) =>
    call<ListBody & ErrorBody>(api, 'POST', '/api/v1/cases/search', { token: await tokenOf(user), body });
  const countCases = async (): Promise<number> =>
    Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM cases`))[0]!.n);

  it('opens a case with the minimum: channel, survivor sex and one violence type', async () => {
    const res = await intake(operator, MINIMUM);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String) as string,
      reference: expect.stringMatching(/^HN-\d{4}-\d{6}$/) as string,
      status: 'intake',
      riskLevel: null,
      version: 1,
      possibleDuplicates: [],
    });
    const [row] = await db.query<{ record_key: number; created_by: string; organization_id: string }>(
      `SELECT record_key, created_by, organization_id FROM cases WHERE id = $1`,
      [res.body.id],
    );
    expect(row).toEqual({
      record_key: expect.any(Number) as number,
      created_by: operator.id,
      organization_id: orgA.id,
    });
    const audit = await db.query(
      `SELECT 1 FROM audit_events WHERE action = 'case.created' AND case_id = $1`,
      [res.body.id],
    );
    expect(audit).toHaveLength(1);
  });

  it('opens a case with every field, and the file gives them back decrypted with the derived context', async () => {
    const res = await intake(operator, fullIntake());
    expect(res.status).toBe(201);
    expect(res.body.riskLevel).toMatch(/^(high|critical)$/);
    const file = await read(operator, res.body.id);
    expect(file.status).toBe(200);
    expect(file.body).toMatchObject({
      id: res.body.id,
      reference: res.body.reference,
      status: 'intake',
      organizationId: orgA.id,
      assigneeId: null,
      restricted: false,
      channel: 'hotline',
      survivor: {
        fullName: MARK.name,
        phones: [MARK.phoneE164],
        sex: 'female',
        birthYear: 2010,
        ageGroup: 'age_12_17',
        nationalId: MARK.nationalId,
        addressDetail: MARK.address,
        guardian: { fullName: MARK.guardianName, phone: '+84933444555' },
        safeContact: { canCall: false, canText: true, codeWord: MARK.codeWord, safeTimes: MARK.safeTimes },
      },
      reporter: { relationship: 'neighbour', fullName: MARK.reporterName, phone: '+84911222333' },
      incident: { occurredOn: '2026-01', violenceTypes: ['sexual_assault', 'physical_assault'] },
      risk: { answers: HIGH_RISK },
      consents: [{ purpose: 'case_management', method: 'verbal', givenBy: 'survivor' }],
      note: MARK.note,
    });
    expect(file.body.context).toEqual(
      expect.arrayContaining(['intimate_partner_violence', 'child_sexual_abuse']),
    );
  });

  it('replays a retried intake with the same key and body, and refuses the key with another body', async () => {
    const key = `intake-${randomUUID()}`;
    const first = await intake(operator, MINIMUM, key);
    const before = await countCases();
    const again = await intake(operator, MINIMUM, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await intake(operator, { ...MINIMUM, channel: 'walk_in' }, key);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countCases()).toBe(before);
  });

  it('finds possible duplicates by phone in either form and by national ID, references and status only', async () => {
    const first = await intake(operator, {
      ...MINIMUM,
      survivor: { sex: 'female', phones: ['0912 345 678'] },
    });
    const byPhone = await intake(operator, {
      ...MINIMUM,
      survivor: { sex: 'female', phones: ['+84912345678'] },
    });
    expect(byPhone.status).toBe(201);
    expect(byPhone.body.possibleDuplicates).toEqual([{ reference: first.body.reference, status: 'intake' }]);

    const withId = await intake(operator, {
      ...MINIMUM,
      survivor: { sex: 'male', nationalId: '001099000111' },
    });
    const byId = await intake(operator, {
      ...MINIMUM,
      survivor: { sex: 'male', nationalId: '001 099 000 111' },
    });
    expect(byId.body.possibleDuplicates).toEqual([{ reference: withId.body.reference, status: 'intake' }]);

    // another organisation's case is never a duplicate
    const otherOrgOperator = await createUser(db, { roles: ['hotline_operator'], organizationId: orgB.id });
    const elsewhere = await intake(otherOrgOperator, {
      ...MINIMUM,
      survivor: { sex: 'female', phones: ['0912345678'] },
    });
    expect(elsewhere.body.possibleDuplicates).toEqual([]);

    const lookups = await db.query(
      `SELECT 1 FROM audit_events WHERE action = 'case.duplicate_lookup' AND case_id = ANY($1::uuid[])`,
      [[byPhone.body.id, byId.body.id, elsewhere.body.id]],
    );
    expect(lookups).toHaveLength(3);
  });

  describe('refuses bad input with 400 naming the field, and writes nothing', () => {
    const cases: [string, unknown, string, string][] = [
      [
        'an unknown catalogue key',
        { ...MINIMUM, channel: 'carrier_pigeon' },
        'UNKNOWN_CATALOGUE_KEY',
        'channel',
      ],
      [
        'an incident after the report',
        {
          ...MINIMUM,
          receivedAt: '2026-01-10T03:00:00Z',
          incident: { violenceTypes: ['rape'], occurredOn: '2026-02' },
        },
        'INCIDENT_AFTER_REPORT',
        'incident.occurredOn',
      ],
      [
        'a birth year in the future',
        { ...MINIMUM, survivor: { sex: 'female', birthYear: new Date().getFullYear() + 2 } },
        'DATE_IN_FUTURE',
        'survivor.birthYear',
      ],
      [
        'a commune that is not in force',
        { ...MINIMUM, incident: { violenceTypes: ['rape'], communeCode: '99999' } },
        'CASE_COMMUNE_UNKNOWN',
        'incident.communeCode',
      ],
      [
        'a violence type twice',
        { ...MINIMUM, incident: { violenceTypes: ['rape', 'rape'] } },
        'DUPLICATE_VALUE',
        'incident.violenceTypes.1',
      ],
      [
        'a domestic-violence act twice',
        {
          ...MINIMUM,
          incident: { violenceTypes: ['rape'], dvActs: ['abuse_beating_threats', 'abuse_beating_threats'] },
        },
        'DUPLICATE_VALUE',
        'incident.dvActs.1',
      ],
      [
        'a malformed national ID',
        { ...MINIMUM, survivor: { sex: 'female', nationalId: '12345' } },
        'NATIONAL_ID_INVALID',
        'survivor.nationalId',
      ],
    ];
    it.each(cases)('%s', async (_what, body, code, field) => {
      const before = await countCases();
      const res = await intake(operator, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toContain(field);
      expect(await countCases()).toBe(before);
    });

    it('an unknown catalogue key names the allowed values', async () => {
      const res = await intake(operator, { ...MINIMUM, incident: { violenceTypes: ['rape', 'teasing'] } });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('incident.violenceTypes.1');
      expect(res.body.message).toContain('sexual_assault');
    });

    it('refuses the child-only consent giver (best_interest) for an adult, 422 naming the field', async () => {
      const consent = { purpose: 'referral', method: 'verbal', givenBy: 'best_interest' };
      const before = await countCases();
      const adult = await intake(operator, {
        ...MINIMUM,
        survivor: { sex: 'female', birthYear: 1990 },
        consents: [consent],
      });
      expect(adult.status).toBe(422);
      expect(adult.body.code).toBe('CONSENT_GIVER_CHILD_ONLY');
      expect(adult.body.message).toContain('consents.0.givenBy');
      expect(await countCases()).toBe(before);
      const child = await intake(operator, {
        ...MINIMUM,
        survivor: { sex: 'female', birthYear: new Date().getFullYear() - 12 },
        consents: [consent],
      });
      expect(child.status).toBe(201);
      // Added to the file later: the same rule on the survivor's stored age.
      const grown = await intake(operator, { ...MINIMUM, survivor: { sex: 'female', birthYear: 1990 } });
      const added = async (id: string) =>
        call<ErrorBody>(api, 'POST', `/api/v1/cases/${id}/consents`, {
          token: await tokenOf(supervisor),
          body: consent,
        });
      const refused = await added(grown.body.id);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('CONSENT_GIVER_CHILD_ONLY');
      expect(refused.body.message).toContain('givenBy');
      expect((await added(child.body.id)).status).toBe(201);
    });

    it('without a violence type', async () => {
      const before = await countCases();
      const res = await intake(operator, { ...MINIMUM, incident: { violenceTypes: [] } });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('violenceTypes');
      expect(await countCases()).toBe(before);
    });
  });

  it('refuses an intake for another organisation', async () => {
    const res = await intake(operator, { ...MINIMUM, organizationId: orgB.id });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CASE_ORGANIZATION_NOT_ALLOWED');
  });

  describe('who sees what', () => {
    let opened: Created;
    let assigned: Created;

    beforeAll(async () => {
      opened = (await intake(operator, MINIMUM)).body;
      assigned = (await intake(operator2, MINIMUM)).body;
      await db.query(`UPDATE cases SET assignee_id = $1 WHERE id = $2`, [counsellor.id, assigned.id]);
    });

    it('the operator sees the cases they opened for 24 hours, not the others', async () => {
      expect((await read(operator, opened.id)).status).toBe(200);
      expect((await read(operator, assigned.id)).status).toBe(404);
      const ids = (await list(operator)).body.items.map((i) => i.id);
      expect(ids).toContain(opened.id);
      expect(ids).not.toContain(assigned.id);
      const stale = (await intake(operator, MINIMUM)).body;
      await db.query(`UPDATE cases SET opened_at = now() - interval '25 hours' WHERE id = $1`, [stale.id]);
      expect((await read(operator, stale.id)).status).toBe(404);
      expect((await list(operator)).body.items.map((i) => i.id)).not.toContain(stale.id);
    });

    it('the counsellor sees the cases assigned to them only', async () => {
      expect((await read(counsellor, assigned.id)).status).toBe(200);
      expect((await read(counsellor, opened.id)).status).toBe(404);
      const ids = (await list(counsellor)).body.items.map((i) => i.id);
      expect(ids).toEqual([assigned.id]);
      expect((await list(counsellor, '?assignee=me')).body.items.map((i) => i.id)).toEqual([assigned.id]);
    });

    it('the supervisor sees every case of the organisation; another organisation answers 404', async () => {
      expect((await read(supervisor, opened.id)).status).toBe(200);
      expect((await read(supervisor, assigned.id)).status).toBe(200);
      expect((await read(supervisorB, opened.id)).status).toBe(404);
      const ids = (await list(supervisor)).body.items.map((i) => i.id);
      expect(ids).toEqual(expect.arrayContaining([opened.id, assigned.id]));
      expect((await list(supervisorB)).body.items.map((i) => i.id)).not.toContain(opened.id);
      const queue = (await list(supervisor, '?assignee=none')).body.items.map((i) => i.id);
      expect(queue).toContain(opened.id);
      expect(queue).not.toContain(assigned.id);
    });

    it('lists in keyset pages', async () => {
      const first = await list(supervisor, '?limit=2');
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await list(supervisor, `?limit=2&cursor=${first.body.nextCursor}`);
      const firstIds = first.body.items.map((i) => i.id);
      expect(second.body.items.map((i) => i.id).some((id) => firstIds.includes(id))).toBe(false);
    });

    it.each(['provider_staff', 'centre_manager', 'admin', 'auditor'])(
      '%s: the list answers 403 and a single case 404',
      async (role) => {
        const user = others[role]!;
        expect((await list(user)).status).toBe(403);
        expect((await search(user, { reference: opened.reference })).status).toBe(403);
        expect((await read(user, opened.id)).status).toBe(404);
        const denied = await db.query(
          `SELECT 1 FROM audit_events WHERE action = 'access.denied' AND actor_id = $1 AND reason_code = 'case.list'`,
          [user.id],
        );
        expect(denied).toHaveLength(2);
      },
    );

    it('a restricted case is hidden from another supervisor and from search, seen by the named one', async () => {
      const res = await intake(supervisor, {
        ...MINIMUM,
        survivor: { sex: 'female', phones: ['0977 000 111'] },
      });
      await db.query(`UPDATE cases SET restricted = true WHERE id = $1`, [res.body.id]);
      await db.query(`INSERT INTO case_restricted_supervisors (case_id, user_id) VALUES ($1, $2)`, [
        res.body.id,
        supervisor.id,
      ]);
      expect((await read(supervisor, res.body.id)).status).toBe(200);
      expect((await read(supervisor2, res.body.id)).status).toBe(404);
      expect((await list(supervisor2)).body.items.map((i) => i.id)).not.toContain(res.body.id);
      const hidden = await search(supervisor2, { phone: '+84977000111' });
      expect(hidden.status).toBe(200);
      expect(hidden.body.items).toEqual([]);
      const found = await search(supervisor, { phone: '0977000111' });
      expect(found.body.items.map((i) => i.id)).toEqual([res.body.id]);
    });

    it('searches by reference, phone and national ID', async () => {
      const res = await intake(operator, {
        ...MINIMUM,
        survivor: { sex: 'female', phones: ['0966 111 222'], nationalId: '001188776655' },
      });
      for (const body of [
        { reference: res.body.reference.toLowerCase() },
        { phone: '+84966111222' },
        { nationalId: '001188776655' },
      ]) {
        const found = await search(operator, body);
        expect(found.status).toBe(200);
        expect(found.body.items.map((i) => i.id)).toEqual([res.body.id]);
      }
      expect((await search(operator, {})).status).toBe(400);
    });

    it('every read of a file leaves an audit row', async () => {
      const before = await db.query(
        `SELECT 1 FROM audit_events WHERE action = 'case.read' AND case_id = $1`,
        [opened.id],
      );
      await read(supervisor, opened.id);
      await read(operator, opened.id);
      const after = await db.query<{ actor_id: string }>(
        `SELECT actor_id FROM audit_events WHERE action = 'case.read' AND case_id = $1`,
        [opened.id],
      );
      expect(after.length - before.length).toBe(2);
      expect(after.map((r) => r.actor_id)).toEqual(expect.arrayContaining([supervisor.id, operator.id]));
      const denied = await db.query(
        `SELECT 1 FROM audit_events WHERE action = 'access.denied' AND entity_id = $1 AND actor_id = $2`,
        [opened.id, supervisorB.id],
      );
      expect(denied.length).toBeGreaterThan(0);
    });
  });

  it('a high-risk intake gives each supervisor of the organisation exactly one notification', async () => {
    const res = await intake(operator, { ...MINIMUM, risk: { answers: HIGH_RISK } }, `hr-${randomUUID()}`);
    expect(res.body.riskLevel).toMatch(/^(high|critical)$/);
    const rows = await eventually(
      () =>
        db.query<{ recipient_id: string; reference: string }>(
          `SELECT recipient_id, reference FROM notifications WHERE type = 'case_high_risk' AND case_id = $1`,
          [res.body.id],
        ),
      (r) => r.length >= 2,
      { what: 'high-risk notifications' },
    );
    // the job is done once the event's receipt is written; then nothing more may come
    await eventually(
      () => db.query(`SELECT 1 FROM outbox_events WHERE topic = 'case.high_risk' AND delivered_at IS NULL`),
      (r) => r.length === 0,
      { what: 'the event relayed' },
    );
    const final = await db.query<{ recipient_id: string; reference: string }>(
      `SELECT recipient_id, reference FROM notifications WHERE type = 'case_high_risk' AND case_id = $1`,
      [res.body.id],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(final.map((r) => r.recipient_id).sort()).toEqual([supervisor.id, supervisor2.id].sort());
    expect(final.every((r) => r.reference === res.body.reference)).toBe(true);
  });

  it('leaves no personal data readable in a database dump or in the logs', async () => {
    const res = await intake(operator, fullIntake(), `full-${randomUUID()}`);
    expect(res.status).toBe(201);
    await read(supervisor, res.body.id);
    await search(supervisor, { phone: MARK.phoneSpaced, nationalId: MARK.nationalId });
    await intake(operator, { ...fullIntake(), channel: 'nowhere' });
    await eventually(
      () => db.query(`SELECT 1 FROM notifications WHERE case_id = $1`, [res.body.id]),
      (r) => r.length >= 2,
      { what: 'the worker handled the event' },
    );
    const dump = await pgDump(db.url);
    // the haystacks are real: the dump holds the case, the API's log the requests
    expect(dump).toContain(res.body.reference);
    expect(api.logs()).toContain('"route":"/api/v1/cases/:id"');
    const haystacks = { dump, api: api.logs(), worker: worker.logs() };
    const markers = [...Object.values(MARK), '0987654321', '+84911222333', '+84933444555', 'Markerhoa'];
    for (const [where, text] of Object.entries(haystacks)) {
      for (const marker of markers) {
        expect({ where, marker, found: text.includes(marker) }).toEqual({ where, marker, found: false });
      }
    }
  });
});

function pgDump(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pg_dump', ['--data-only', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`pg_dump exited ${code}: ${Buffer.concat(err).toString('utf8')}`));
    });
  });
}
