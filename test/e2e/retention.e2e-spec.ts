import { randomUUID } from 'node:crypto';
import { RetentionService } from '../../src/modules/followups';
import { CryptoService } from '../../src/platform/crypto';
import { RunningApi, startApi, TEST_KEYS, testEnv } from '../support/app';
import { call, createOrganization, createUser, MANY_SIGN_INS, TestUser, tokenCache } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { spawnEntry } from '../support/spawn';
import { TEST_REDIS_URL } from '../support/services';

/** Personal values planted in every case: none may survive retention, nor appear in the dry run. */
const MARK = {
  name: 'Trần Thị Retmarkerhoa',
  phone: '0987 654 329',
  nationalId: '001190099881',
  address: 'Ngõ 77 Retmarkerpho',
  note: 'Ghi chú retmarkernote',
  codeWord: 'retmarkercode',
  safeTimes: 'retmarkersafe sau 9 giờ',
  reporterName: 'Lê Văn Retmarkerbao',
  reporterPhone: '0911 222 339',
  guardianName: 'Phạm Thị Retmarkergiam',
  guardianPhone: '0933 444 559',
  followUpNote: 'retmarkerfollowup',
  referralNote: 'retmarkerreferral',
  reason: 'retmarkerreason',
};

const intake = {
  channel: 'hotline',
  survivor: {
    fullName: MARK.name,
    phones: [MARK.phone],
    sex: 'female',
    birthYear: 1990,
    nationalId: MARK.nationalId,
    communeCode: '00004',
    addressDetail: MARK.address,
    disability: true,
    ethnicMinority: true,
    guardian: { fullName: MARK.guardianName, phone: MARK.guardianPhone },
    safeContact: { canCall: true, safeTimes: MARK.safeTimes, codeWord: MARK.codeWord },
  },
  reporter: { relationship: 'neighbour', fullName: MARK.reporterName, phone: MARK.reporterPhone },
  incident: { violenceTypes: ['physical_assault'], placeType: 'home' },
  risk: { answers: { threats_to_kill: true } },
  note: MARK.note,
};

describe('Retention (maintenance.retention, retention:run)', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let operator: TestUser;
  let orgId: string;
  let tokenOf: (u: TestUser) => Promise<string>;
  let crypto: CryptoService;
  const ids: { old: string; recent: string; open: string } = { old: '', recent: '', open: '' };

  const snapshot = async (): Promise<string> =>
    JSON.stringify(
      await Promise.all(
        [
          'cases',
          'survivors',
          'reporters',
          'notes',
          'risk_assessments',
          'case_transitions',
          'follow_ups',
          'referrals',
        ].map((t) => db.query(`SELECT * FROM ${t} ORDER BY 1`)),
      ),
    );

  const makeCase = async (closedDaysAgo: number | null): Promise<string> => {
    const res = await call<{ id: string }>(api, 'POST', '/api/v1/cases', {
      token: await tokenOf(operator),
      body: intake,
    });
    expect(res.status).toBe(201);
    const id = res.body.id;
    if (closedDaysAgo !== null) {
      await db.query(
        `UPDATE cases SET status = 'closed', closed_at = now() - make_interval(days => $2),
                closure_reason_code = 'goals_met', closure_reason_text_enc = $3 WHERE id = $1`,
        [id, closedDaysAgo, crypto.encrypt(MARK.reason, 'cases.closure_reason_text_enc')],
      );
    }
    await db.query(
      `INSERT INTO case_transitions (case_id, from_status, to_status, reason_text_enc) VALUES ($1, 'intake', 'closed', $2)`,
      [id, crypto.encrypt(MARK.reason, 'case_transitions.reason_text_enc')],
    );
    await db.query(
      `INSERT INTO follow_ups (case_id, reference, organization_id, kind, due_at, note_enc)
       SELECT id, reference, organization_id, 'call_back', now() + interval '1 day', $2 FROM cases WHERE id = $1`,
      [id, crypto.encrypt(MARK.followUpNote, 'follow_ups.note_enc')],
    );
    await db.query(
      `INSERT INTO referrals (case_id, reference, referring_organization_id, referred_by, provider_id,
                              recipient_organization_id, services, urgency, status, sent_at, due_by, note_enc)
       SELECT id, reference || '-R1', organization_id, $2, $3, organization_id, '{}', 'routine', 'completed',
              now() - interval '3000 days', now(), $4 FROM cases WHERE id = $1`,
      [id, operator.id, randomUUID(), crypto.encrypt(MARK.referralNote, 'referrals.note_enc')],
    );
    return id;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS }));
    crypto = api.app.get(CryptoService);
    tokenOf = tokenCache(api);
    orgId = (await createOrganization(db, { name: 'Trung tâm lưu trữ' })).id;
    operator = await createUser(db, { roles: ['hotline_operator'], organizationId: orgId });
    ids.old = await makeCase(2000);
    ids.recent = await makeCase(10);
    ids.open = await makeCase(null);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('the dry run lists the one case due, changes nothing and prints no personal data', async () => {
    const before = await snapshot();
    const child = spawnEntry(
      'cli',
      { NODE_ENV: 'test', DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, ...TEST_KEYS },
      ['retention:run', '--dry-run'],
    );
    expect(await child.exit).toBe(0);
    const out = child.stdout() + child.stderr();
    expect(out).toContain('due: 1');
    expect(out).toContain(ids.old);
    expect(out).not.toContain(ids.recent);
    expect(out).not.toContain(ids.open);
    for (const marker of Object.values(MARK)) expect(out).not.toContain(marker);
    expect(await snapshot()).toBe(before);
  });

  it('anonymises only the case closed longer than RETENTION_CLOSED_DAYS, keeping its statistics', async () => {
    const before = await db.query(`SELECT * FROM survivors ORDER BY case_id`);
    const result = await api.app.get(RetentionService).run();
    expect(result.anonymised).toBe(1);
    expect(result.cases.map((c) => c.id)).toEqual([ids.old]);

    const [s] = await db.query(`SELECT * FROM survivors WHERE case_id = $1`, [ids.old]);
    for (const col of [
      'full_name_enc',
      'phones_enc',
      'birth_year_enc',
      'national_id_enc',
      'national_id_index',
      'name_birth_year_index',
      'address_detail_enc',
      'guardian_enc',
      'guardian_phone_index',
      'safe_times_enc',
      'code_word_enc',
    ]) {
      expect({ col, value: s?.[col] }).toEqual({ col, value: null });
    }
    expect(s?.phone_indexes).toEqual([]);
    expect({
      sex: s?.sex,
      age: s?.age_group,
      disability: s?.disability,
      ethnic: s?.ethnic_minority,
      commune: s?.commune_code,
    }).toEqual({
      sex: 'female',
      age: expect.any(String) as unknown,
      disability: true,
      ethnic: true,
      commune: '00004',
    });

    const [r] = await db.query(`SELECT * FROM reporters WHERE case_id = $1`, [ids.old]);
    expect([r?.full_name_enc, r?.phone_enc, r?.phone_index]).toEqual([null, null, null]);
    expect(r?.relationship).toBe('neighbour');

    const notes = await db.query<{ text_enc: string }>(`SELECT text_enc FROM notes WHERE case_id = $1`, [
      ids.old,
    ]);
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect(crypto.decrypt(n.text_enc, 'notes.text_enc')).toBe('');
    const [risk] = await db.query<{ answers_enc: string; level: string }>(
      `SELECT answers_enc, level FROM risk_assessments WHERE case_id = $1`,
      [ids.old],
    );
    expect(crypto.decrypt(risk!.answers_enc, 'risk_assessments.answers_enc')).toBe('{}');
    expect(risk?.level).toBeTruthy();

    const [c] = await db.query(`SELECT * FROM cases WHERE id = $1`, [ids.old]);
    expect(c?.closure_reason_text_enc).toBeNull();
    expect(c?.anonymised_at).toBeInstanceOf(Date);
    expect([c?.channel, c?.status, c?.closure_reason_code]).toEqual(['hotline', 'closed', 'goals_met']);
    const transitions = await db.query<{ reason_text_enc: string | null }>(
      `SELECT reason_text_enc FROM case_transitions WHERE case_id = $1`,
      [ids.old],
    );
    expect(transitions.every((t) => t.reason_text_enc === null)).toBe(true);
    const [f] = await db.query<{ note_enc: string | null; status: string }>(
      `SELECT note_enc, status FROM follow_ups WHERE case_id = $1`,
      [ids.old],
    );
    expect(f).toEqual({ note_enc: null, status: 'cancelled' });
    const [ref] = await db.query<{ note_enc: string | null; status: string }>(
      `SELECT note_enc, status FROM referrals WHERE case_id = $1`,
      [ids.old],
    );
    expect(ref).toEqual({ note_enc: null, status: 'completed' });

    const audit = await db.query<{ action: string; reason_code: string }>(
      `SELECT action, reason_code FROM audit_events WHERE case_id = $1 AND action = 'case.anonymised'`,
      [ids.old],
    );
    expect(audit).toEqual([{ action: 'case.anonymised', reason_code: 'retention' }]);

    // The other two cases are untouched.
    const after = await db.query(`SELECT * FROM survivors ORDER BY case_id`);
    const untouched = (rows: Record<string, unknown>[]) => rows.filter((x) => x.case_id !== ids.old);
    expect(untouched(after)).toEqual(untouched(before));
    for (const id of [ids.recent, ids.open]) {
      const [other] = await db.query<{ anonymised_at: Date | null; note_enc: string | null }>(
        `SELECT c.anonymised_at, f.note_enc FROM cases c JOIN follow_ups f ON f.case_id = c.id WHERE c.id = $1`,
        [id],
      );
      expect(other?.anonymised_at).toBeNull();
      expect(crypto.decrypt(other!.note_enc!, 'follow_ups.note_enc')).toBe(MARK.followUpNote);
    }
  });

  it('running again changes nothing more', async () => {
    const before = await snapshot();
    const auditBefore = await db.query(`SELECT count(*)::int AS n FROM audit_events`);
    const result = await api.app.get(RetentionService).run();
    expect(result.anonymised).toBe(0);
    expect(result.due).toBe(0);
    expect(await snapshot()).toBe(before);
    expect(await db.query(`SELECT count(*)::int AS n FROM audit_events`)).toEqual(auditBefore);
  });
});
