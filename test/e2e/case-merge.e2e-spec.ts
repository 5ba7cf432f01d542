import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FollowUpPlanner } from '../../src/modules/followups';
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
  reference: string;
  status: string;
  code: string;
  details?: { mergedInto?: { id: string; reference: string } | null };
  items: { id: string; caseId: string; reference: string; text: string; undoable?: boolean }[];
  surviving: { id: string; reference: string };
  merged: { id: string; reference: string };
  moved: { participant: string; count: number }[];
  undoable: boolean;
  undoneAt: string | null;
  survivor: { fullName?: string };
}

const DAY = 86_400_000;

/**
 * Duplicates resolved (issue 15, item 10): a case linked to another (both show it, removal audited); a
 * supervisor merges two cases of the organisation — incidents, notes, consents, risk assessments,
 * referrals and follow-ups of the merged case move, the merged reference answers with its successor —
 * and undoes it within the configured time: exactly what came from the merged case goes back.
 */
describe('linking and merging cases, and undoing a merge', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let centre: TestOrganization;
  let other: TestOrganization;
  let operator: TestUser;
  let counsellor: TestUser;
  let supervisor: TestUser;
  let otherSupervisor: TestUser;
  let legalAid: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    centre = await createOrganization(db, { name: 'Trung tâm gộp hồ sơ' });
    other = await createOrganization(db, { name: 'Trung tâm khác gộp hồ sơ' });
    const legalOrg = await createOrganization(db, { name: 'Trợ giúp pháp lý gộp', type: 'legal_aid' });
    operator = await createUser(db, { roles: ['hotline_operator'], organizationId: centre.id });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
    otherSupervisor = await createUser(db, { roles: ['supervisor'], organizationId: other.id });
    const [p] = await db.query<{ id: string }>(
      `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, created_by)
       VALUES ('Trợ giúp pháp lý gộp', 'legal_aid', $1, '01', '00004', '{legal_aid}', $2) RETURNING id`,
      [legalOrg.id, supervisor.id],
    );
    legalAid = p!.id;
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const req = async (user: TestUser, method: string, path: string, body?: unknown, key?: string) =>
    call<Answer>(api, method, path, {
      token: await tokenOf(user),
      body,
      headers: key ? { 'idempotency-key': key } : {},
    });

  const open = async (user: TestUser, fullName: string): Promise<{ id: string; reference: string }> => {
    const c = await req(user, 'POST', '/api/v1/cases', intakePayload({ survivor: { fullName } }));
    expect(c.status).toBe(201);
    return { id: c.body.id, reference: c.body.reference };
  };
  const note = async (caseId: string, text: string): Promise<string> => {
    const n = await req(supervisor, 'POST', `/api/v1/cases/${caseId}/notes`, { text });
    expect(n.status).toBe(201);
    return n.body.id;
  };
  const ids = async (table: string, caseId: string): Promise<string[]> =>
    (await db.query<{ id: string }>(`SELECT id FROM ${table} WHERE case_id = $1 ORDER BY id`, [caseId])).map(
      (r) => r.id,
    );
  const TABLES = ['incidents', 'notes', 'consents', 'risk_assessments', 'referrals', 'follow_ups'];
  const snapshot = async (caseId: string): Promise<Record<string, string[]>> =>
    Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await ids(t, caseId)] as const)));

  /** A case with one of everything that moves: incident, note, consent, risk assessment, referral, follow-up. */
  const seeded = async (fullName: string): Promise<{ id: string; reference: string }> => {
    const c = await open(supervisor, fullName);
    await note(c.id, `Ghi chú của ${fullName}`);
    expect(
      (
        await req(supervisor, 'POST', `/api/v1/cases/${c.id}/incidents`, {
          violenceTypes: ['denial_of_resources'],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await req(supervisor, 'POST', `/api/v1/cases/${c.id}/consents`, {
          purpose: 'referral',
          method: 'verbal',
          givenBy: 'survivor',
          providerTypes: ['legal_aid'],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await req(supervisor, 'POST', `/api/v1/cases/${c.id}/risk-assessments`, {
          answers: { threats_to_kill: true },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await req(supervisor, 'POST', `/api/v1/cases/${c.id}/referrals`, {
          providerId: legalAid,
          services: ['legal_aid'],
          urgency: 'urgent',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await req(supervisor, 'POST', `/api/v1/cases/${c.id}/follow-ups`, {
          kind: 'call_back',
          dueAt: new Date(Date.now() + DAY).toISOString(),
        })
      ).status,
    ).toBe(201);
    return c;
  };

  it('links a new case to an existing one by reference; both show the link; removal is audited', async () => {
    const existing = await open(supervisor, 'Trần Thị Liên');
    const fresh = await open(operator, 'Trần Thị Liên');
    const linkKey = `link-${randomUUID()}`;
    const linked = await req(
      operator,
      'POST',
      `/api/v1/cases/${fresh.id}/links`,
      { reference: existing.reference },
      linkKey,
    );
    expect(linked.status).toBe(201);
    // A retry with the same key answers the same link, and links nothing twice.
    const replay = await req(
      operator,
      'POST',
      `/api/v1/cases/${fresh.id}/links`,
      { reference: existing.reference },
      linkKey,
    );
    expect([replay.status, replay.body.id]).toEqual([201, linked.body.id]);
    expect(linked.body).toMatchObject({ caseId: existing.id, reference: existing.reference });
    const fromExisting = await req(supervisor, 'GET', `/api/v1/cases/${existing.id}/links`);
    expect(fromExisting.status).toBe(200);
    expect(fromExisting.body.items.map((l) => [l.id, l.caseId])).toEqual([[linked.body.id, fresh.id]]);
    const fromFresh = await req(operator, 'GET', `/api/v1/cases/${fresh.id}/links`);
    expect(fromFresh.body.items.map((l) => l.caseId)).toEqual([existing.id]);

    const again = await req(supervisor, 'POST', `/api/v1/cases/${existing.id}/links`, { caseId: fresh.id });
    expect([again.status, again.body.code]).toEqual([409, 'CASE_LINK_EXISTS']);
    const self = await req(supervisor, 'POST', `/api/v1/cases/${existing.id}/links`, { caseId: existing.id });
    expect([self.status, self.body.code]).toEqual([422, 'CASE_LINK_SELF']);
    const none = await req(supervisor, 'POST', `/api/v1/cases/${existing.id}/links`, {});
    expect([none.status, none.body.code]).toEqual([400, 'CASE_LINK_TARGET_REQUIRED']);
    const elsewhere = await open(otherSupervisor, 'Trần Thị Liên');
    const foreign = await req(supervisor, 'POST', `/api/v1/cases/${existing.id}/links`, {
      caseId: elsewhere.id,
    });
    expect(foreign.status).toBe(404);

    const removed = await req(supervisor, 'DELETE', `/api/v1/cases/${existing.id}/links/${linked.body.id}`);
    expect(removed.status).toBe(204);
    expect((await req(operator, 'GET', `/api/v1/cases/${fresh.id}/links`)).body.items).toEqual([]);
    const audit = await db.query<{ action: string; case_id: string }>(
      `SELECT action, case_id FROM audit_events WHERE entity_id = $1 ORDER BY action, case_id`,
      [linked.body.id],
    );
    expect(audit).toEqual(
      [
        { action: 'case.linked', case_id: existing.id },
        { action: 'case.linked', case_id: fresh.id },
        { action: 'case.unlinked', case_id: existing.id },
        { action: 'case.unlinked', case_id: fresh.id },
      ].sort((a, b) => (a.action + a.case_id < b.action + b.case_id ? -1 : 1)),
    );
  });

  it('a merge can be undone: exactly what came from the merged case goes back, later additions stay', async () => {
    const surviving = await seeded('Lê Thị Hồng');
    const merged = await seeded('Lê Thị Hồng (trùng)');
    const beforeSurviving = await snapshot(surviving.id);
    const beforeMerged = await snapshot(merged.id);
    for (const t of TABLES) expect(beforeMerged[t]!.length).toBeGreaterThan(0);

    const key = `merge-${randomUUID()}`;
    const body = { mergedCaseId: merged.id };
    const done = await req(supervisor, 'POST', `/api/v1/cases/${surviving.id}/merge`, body, key);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ surviving, merged, undoable: true, undoneAt: null });
    const counts = Object.fromEntries(done.body.moved.map((m) => [m.participant, m.count]));
    expect(counts).toMatchObject({
      'cases.incidents': beforeMerged.incidents!.length,
      'cases.notes': 1,
      'cases.consents': 1,
      'cases.risk_assessments': beforeMerged.risk_assessments!.length,
      referrals: 1,
      follow_ups: beforeMerged.follow_ups!.length,
    });
    // The retry with the same key replays the answer and merges nothing twice.
    const retry = await req(supervisor, 'POST', `/api/v1/cases/${surviving.id}/merge`, body, key);
    expect([retry.status, retry.body.id]).toEqual([201, done.body.id]);
    expect(await db.query(`SELECT id FROM case_merges WHERE merged_case_id = $1`, [merged.id])).toHaveLength(
      1,
    );

    for (const t of TABLES) {
      expect(await ids(t, merged.id)).toEqual([]);
      expect(await ids(t, surviving.id)).toEqual([...beforeSurviving[t]!, ...beforeMerged[t]!].sort());
    }
    // The merged reference answers with its successor; lists and searches find the successor.
    const gone = await req(supervisor, 'GET', `/api/v1/cases/${merged.id}`);
    expect([gone.status, gone.body.code]).toEqual([410, 'CASE_MERGED']);
    expect(gone.body.details?.mergedInto).toEqual(surviving);
    const found = await req(supervisor, 'POST', '/api/v1/cases/search', { reference: merged.reference });
    expect(found.body.items.map((i) => i.id)).toEqual([surviving.id]);
    const listed = await req(supervisor, 'GET', '/api/v1/cases?limit=100');
    expect(listed.body.items.map((i) => i.id)).not.toContain(merged.id);
    // The surviving case keeps its survivor; the merged case can no longer be changed.
    const file = await req(supervisor, 'GET', `/api/v1/cases/${surviving.id}`);
    expect(file.body.survivor.fullName).toBe('Lê Thị Hồng');
    expect((await req(supervisor, 'POST', `/api/v1/cases/${merged.id}/notes`, { text: 'x' })).status).toBe(
      403,
    );
    // The statistics count one case; retention counts the merged one from the merge.
    const counted = async () =>
      (
        await db.query<{ case_id: string }>(
          `SELECT case_id FROM reporting_cases WHERE case_id = ANY($1::uuid[])`,
          [[surviving.id, merged.id]],
        )
      ).map((r) => r.case_id);
    expect(await counted()).toEqual([surviving.id]);
    const [gone2] = await db.query<{ status: string; closed_at: Date | null }>(
      `SELECT status, closed_at FROM cases WHERE id = $1`,
      [merged.id],
    );
    expect(gone2?.status).toBe('merged');
    expect(gone2?.closed_at).not.toBeNull();
    // No periodic review is planned for the merged case (it is in no worklist).
    const planner = api.app.get(FollowUpPlanner);
    await api.app.get(DataSource).transaction((m) => planner.planReviews(m, 10_000));
    expect(await ids('follow_ups', merged.id)).toEqual([]);
    // The surviving case's own review, planned after the merge, stays with it like the note below.
    const planned = (await ids('follow_ups', surviving.id)).filter(
      (f) => !beforeSurviving.follow_ups!.includes(f) && !beforeMerged.follow_ups!.includes(f),
    );
    const twice = await req(supervisor, 'POST', `/api/v1/cases/${surviving.id}/merge`, body);
    expect([twice.status, twice.body.code]).toEqual([409, 'CASE_ALREADY_MERGED']);

    const later = await note(surviving.id, 'Ghi chú sau khi gộp');
    const merges = await req(supervisor, 'GET', `/api/v1/cases/${surviving.id}/merges`);
    expect(merges.body.items.map((m) => [m.id, m.undoable])).toEqual([[done.body.id, true]]);

    const undoKey = `undo-${randomUUID()}`;
    const undone = await req(
      supervisor,
      'POST',
      `/api/v1/case-merges/${done.body.id}/undo`,
      undefined,
      undoKey,
    );
    expect(undone.status).toBe(200);
    expect(undone.body.undoable).toBe(false);
    expect(
      (await req(supervisor, 'POST', `/api/v1/case-merges/${done.body.id}/undo`, undefined, undoKey)).status,
    ).toBe(200);
    expect(await snapshot(merged.id)).toEqual(beforeMerged);
    const now = await snapshot(surviving.id);
    expect(now.notes).toEqual([...beforeSurviving.notes!, later].sort());
    expect(now.follow_ups).toEqual([...beforeSurviving.follow_ups!, ...planned].sort());
    for (const t of TABLES.filter((x) => x !== 'notes' && x !== 'follow_ups')) {
      expect(now[t]).toEqual(beforeSurviving[t]);
    }
    expect((await counted()).sort()).toEqual([surviving.id, merged.id].sort());
    const back = await req(supervisor, 'GET', `/api/v1/cases/${merged.id}`);
    expect([back.status, back.body.status]).toEqual([200, 'intake']);
    const again = await req(supervisor, 'POST', `/api/v1/case-merges/${done.body.id}/undo`);
    expect([again.status, again.body.code]).toEqual([409, 'CASE_MERGE_ALREADY_UNDONE']);

    const audit = await db.query<{ action: string; case_id: string; reason_code: string | null }>(
      `SELECT action, case_id, reason_code FROM audit_events WHERE entity_id = $1 AND entity_type = 'case_merge'`,
      [done.body.id],
    );
    const of = (action: string) => audit.filter((a) => a.action === action);
    expect(
      of('case.merged')
        .map((a) => a.case_id)
        .sort(),
    ).toEqual([surviving.id, merged.id].sort());
    expect(of('case.merge_undone')).toHaveLength(2);
    expect(of('case_merge.moved').map((a) => a.reason_code)).toContain('cases.notes:1');
    expect(of('case_merge.returned').map((a) => a.reason_code)).toContain('referrals:1');
    // Ids and codes only: no name reaches the audit trail.
    expect(JSON.stringify(audit)).not.toContain('Hồng');
  });

  it('refuses an undo after the deadline, and merges across organisations, of a closed case, by an operator', async () => {
    const a = await open(supervisor, 'Phạm Thị Mai');
    const b = await open(supervisor, 'Phạm Thị Mai');
    const done = await req(supervisor, 'POST', `/api/v1/cases/${a.id}/merge`, { mergedCaseId: b.id });
    expect(done.status).toBe(201);
    await db.query(`UPDATE case_merges SET undo_deadline = now() - interval '1 minute' WHERE id = $1`, [
      done.body.id,
    ]);
    const late = await req(supervisor, 'POST', `/api/v1/case-merges/${done.body.id}/undo`);
    expect([late.status, late.body.code]).toEqual([409, 'CASE_MERGE_UNDO_EXPIRED']);

    const same = await req(supervisor, 'POST', `/api/v1/cases/${a.id}/merge`, { mergedCaseId: a.id });
    expect([same.status, same.body.code]).toEqual([422, 'CASE_MERGE_SAME_CASE']);
    const foreign = await open(otherSupervisor, 'Phạm Thị Mai');
    const across = await req(supervisor, 'POST', `/api/v1/cases/${a.id}/merge`, { mergedCaseId: foreign.id });
    expect(across.status).toBe(404);
    const byOther = await req(otherSupervisor, 'POST', `/api/v1/cases/${foreign.id}/merge`, {
      mergedCaseId: a.id,
    });
    expect(byOther.status).toBe(404);

    const closed = await open(supervisor, 'Phạm Thị Mai');
    await db.query(`UPDATE cases SET status = 'closed', closed_at = now() WHERE id = $1`, [closed.id]);
    const shut = await req(supervisor, 'POST', `/api/v1/cases/${a.id}/merge`, { mergedCaseId: closed.id });
    expect([shut.status, shut.body.code]).toEqual([422, 'CASE_MERGE_CASE_CLOSED']);
    const stale = await open(supervisor, 'Phạm Thị Mai');
    const conflict = await req(supervisor, 'POST', `/api/v1/cases/${a.id}/merge`, {
      mergedCaseId: stale.id,
      mergedVersion: 99,
    });
    expect([conflict.status, conflict.body.code]).toEqual([409, 'VERSION_CONFLICT']);

    const mine = await open(operator, 'Phạm Thị Mai');
    const theirs = await open(operator, 'Phạm Thị Mai');
    const byOperator = await req(operator, 'POST', `/api/v1/cases/${mine.id}/merge`, {
      mergedCaseId: theirs.id,
    });
    expect(byOperator.status).toBe(403);
    const byCounsellor = await req(counsellor, 'POST', `/api/v1/cases/${mine.id}/merge`, {
      mergedCaseId: theirs.id,
    });
    expect(byCounsellor.status).toBe(404);
    expect(
      await db.query(`SELECT 1 FROM case_merges WHERE surviving_case_id = $1 AND merged_case_id <> $2`, [
        a.id,
        b.id,
      ]),
    ).toEqual([]);
  });
});
