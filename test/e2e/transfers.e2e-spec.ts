import { randomUUID } from 'node:crypto';
import { assignCase, createCase } from '../factories/cases';
import { createFollowUp } from '../factories/follow-ups';
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

type Body = Record<string, unknown> & {
  code?: string;
  items?: Record<string, unknown>[];
};

const MARKER = `mkrdecline${Math.random().toString(36).slice(2, 8).replace(/\d/g, 'q')}`;
const NOTE = `mkrnote${Math.random().toString(36).slice(2, 8).replace(/\d/g, 'q')}`;

/**
 * Transfers between organisations (issue 15, docs/ARCHITECTURE.md "Transfers"): a supervisor asks with
 * the survivor's consent for the purpose transfer; the receiving organisation's supervisor accepts (the
 * case, its open follow-ups and the rest move; the sender keeps the reference only) or declines; the
 * sender may cancel; one waits at a time; `transferred` is no longer a reason for a new closure.
 */
describe('transfers between organisations', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let worker: RunningWorker;
  let tokenOf: ReturnType<typeof tokenCache>;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let legal: TestOrganization;
  const u = {} as Record<'counsellorA' | 'supervisorA' | 'supervisorB' | 'counsellorB', TestUser>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' });
    api = await startApi(env);
    worker = await startWorker(env);
    tokenOf = tokenCache(api);
    orgA = await createOrganization(db, { name: `Trung tâm quận A ${randomUUID().slice(0, 6)}` });
    orgB = await createOrganization(db, { name: `Trung tâm quận B ${randomUUID().slice(0, 6)}` });
    legal = await createOrganization(db, {
      name: `Trợ giúp pháp lý ${randomUUID().slice(0, 6)}`,
      type: 'legal_aid',
    });
    u.counsellorA = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    u.supervisorA = await createUser(db, { roles: ['supervisor'], organizationId: orgA.id });
    u.supervisorB = await createUser(db, { roles: ['supervisor'], organizationId: orgB.id });
    u.counsellorB = await createUser(db, { roles: ['counsellor'], organizationId: orgB.id });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.drop();
  });

  const as = async (user: TestUser, method: string, path: string, body?: unknown, key?: string) =>
    call<Body>(api, method, path, {
      token: await tokenOf(user),
      body,
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    });

  /** A case of organisation A assigned to its counsellor, with a consent for `purpose`. */
  async function caseWithConsent(
    purpose = 'transfer',
  ): Promise<{ id: string; reference: string; consentId: string }> {
    const c = await createCase(api, await tokenOf(u.supervisorA));
    await assignCase(api, await tokenOf(u.supervisorA), c.id, u.counsellorA.id);
    const consent = await as(u.counsellorA, 'POST', `/api/v1/cases/${c.id}/consents`, {
      purpose,
      method: 'verbal',
      givenBy: 'survivor',
    });
    expect(consent.status).toBe(201);
    return { id: c.id, reference: c.reference, consentId: String(consent.body.id) };
  }

  const request = (caseId: string, consentId: string, key?: string, to = orgB.id) =>
    as(
      u.supervisorA,
      'POST',
      `/api/v1/cases/${caseId}/transfers`,
      { toOrganizationId: to, consentId, note: NOTE },
      key,
    );

  it('offers the other organisations that hold cases, never its own or a provider-only one', async () => {
    const res = await as(u.supervisorA, 'GET', '/api/v1/transfers/destinations');
    expect(res.status).toBe(200);
    const ids = (res.body.items ?? []).map((o) => o.id);
    expect(ids).toContain(orgB.id);
    expect(ids).not.toContain(orgA.id);
    expect(ids).not.toContain(legal.id);
    expect((await as(u.counsellorA, 'GET', '/api/v1/transfers/destinations')).status).toBe(403);
  });

  it('needs a supervisor, another receiving organisation and a transfer consent not withdrawn', async () => {
    const c = await caseWithConsent();
    expect(
      (
        await as(u.counsellorA, 'POST', `/api/v1/cases/${c.id}/transfers`, {
          toOrganizationId: orgB.id,
          consentId: c.consentId,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await as(u.supervisorB, 'POST', `/api/v1/cases/${c.id}/transfers`, {
          toOrganizationId: orgA.id,
          consentId: c.consentId,
        })
      ).status,
    ).toBe(404);
    for (const to of [orgA.id, legal.id, randomUUID()]) {
      const res = await request(c.id, c.consentId, undefined, to);
      expect({ to, status: res.status, code: res.body.code }).toEqual({
        to,
        status: 422,
        code: 'TRANSFER_DESTINATION_INVALID',
      });
    }
    const referral = await caseWithConsent('referral');
    const wrong = await request(referral.id, referral.consentId);
    expect([wrong.status, wrong.body.code]).toEqual([422, 'TRANSFER_CONSENT_INVALID']);
    // Another case's consent is not this case's.
    expect((await request(referral.id, c.consentId)).body.code).toBe('TRANSFER_CONSENT_INVALID');
    await as(u.counsellorA, 'POST', `/api/v1/cases/${c.id}/consents/${c.consentId}/withdraw`, {
      reasonText: 'Rút lại',
    });
    const withdrawn = await request(c.id, c.consentId);
    expect([withdrawn.status, withdrawn.body.code]).toEqual([422, 'TRANSFER_CONSENT_INVALID']);
    const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_transfers`);
    expect(count?.n).toBe(0);
  });

  it('moves the case on acceptance: the receiving supervisor sees it, the sending counsellor no longer does', async () => {
    const c = await caseWithConsent();
    const followUp = await createFollowUp(api, await tokenOf(u.counsellorA), c.id);
    const key = `transfer-${randomUUID()}`;
    const first = await request(c.id, c.consentId, key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      status: 'requested',
      reference: c.reference,
      from: { id: orgA.id },
      to: { id: orgB.id },
    });
    // Idempotent: the same key answers the same transfer; another request while it waits is refused.
    const retry = await request(c.id, c.consentId, key);
    expect([retry.status, retry.body.id]).toEqual([201, first.body.id]);
    const again = await request(c.id, c.consentId, `transfer-${randomUUID()}`);
    expect([again.status, again.body.code]).toEqual([409, 'TRANSFER_ALREADY_OPEN']);
    const transferId = String(first.body.id);

    // The receiving supervisor decides on the reference, the organisations, dates and risk: no note.
    const incoming = await as(u.supervisorB, 'GET', '/api/v1/transfers?direction=incoming&status=requested');
    const line = incoming.body.items?.find((t) => t.id === transferId);
    expect(line).toMatchObject({
      reference: c.reference,
      from: { id: orgA.id, name: orgA.name },
      status: 'requested',
    });
    expect(JSON.stringify(incoming.body)).not.toContain(NOTE);
    expect((await as(u.supervisorB, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(404);
    // Only the receiving side decides: the sender's supervisor may see it (403), its counsellor may not (404).
    expect((await as(u.supervisorA, 'POST', `/api/v1/transfers/${transferId}/accept`, {})).status).toBe(403);
    expect((await as(u.counsellorA, 'POST', `/api/v1/transfers/${transferId}/accept`, {})).status).toBe(404);
    const bad = await as(u.supervisorB, 'POST', `/api/v1/transfers/${transferId}/accept`, {
      assigneeId: u.counsellorA.id,
    });
    expect([bad.status, bad.body.code]).toEqual([422, 'TRANSFER_ASSIGNEE_INVALID']);

    const acceptKey = `accept-${randomUUID()}`;
    const accepted = await as(
      u.supervisorB,
      'POST',
      `/api/v1/transfers/${transferId}/accept`,
      { assigneeId: u.counsellorB.id },
      acceptKey,
    );
    expect([accepted.status, accepted.body.status]).toEqual([200, 'accepted']);
    const replay = await as(
      u.supervisorB,
      'POST',
      `/api/v1/transfers/${transferId}/accept`,
      { assigneeId: u.counsellorB.id },
      acceptKey,
    );
    expect([replay.status, replay.body.status]).toEqual([200, 'accepted']);
    const late = await as(u.supervisorB, 'POST', `/api/v1/transfers/${transferId}/accept`, {});
    expect([late.status, late.body.code]).toEqual([409, 'TRANSFER_NOT_OPEN']);

    const file = await as(u.supervisorB, 'GET', `/api/v1/cases/${c.id}`);
    expect([file.status, file.body.organizationId, file.body.assigneeId]).toEqual([
      200,
      orgB.id,
      u.counsellorB.id,
    ]);
    expect((await as(u.counsellorB, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(200);
    expect((await as(u.counsellorA, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(404);
    expect((await as(u.supervisorA, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(404);
    // The consents moved with the case (they hang on it); the note is readable in the file now.
    const theirs = await as(u.counsellorB, 'GET', `/api/v1/cases/${c.id}/transfers`);
    expect(theirs.body.items?.[0]).toMatchObject({ id: transferId, note: NOTE, consentId: c.consentId });
    const [fu] = await db.query<{ organization_id: string; assignee_id: string; status: string }>(
      `SELECT organization_id, assignee_id, status FROM follow_ups WHERE id = $1`,
      [followUp.id],
    );
    expect(fu).toEqual({ organization_id: orgB.id, assignee_id: u.counsellorB.id, status: 'open' });
    // The sender keeps the reference and the fact of the transfer.
    const outgoing = await as(u.supervisorA, 'GET', '/api/v1/transfers?direction=outgoing');
    expect(outgoing.body.items?.find((t) => t.id === transferId)).toMatchObject({
      reference: c.reference,
      to: { id: orgB.id },
      status: 'accepted',
      riskLevel: null,
    });
    expect((await as(u.supervisorA, 'GET', `/api/v1/cases/${c.id}/transfers`)).status).toBe(404);

    const audit = await db.query<{ action: string; entity_id: string }>(
      `SELECT action, entity_id FROM audit_events WHERE case_id = $1 AND action IN ('case.transfer_requested', 'follow_up.transferred', 'case.transfer_accepted') ORDER BY id`,
      [c.id],
    );
    expect(audit).toEqual([
      { action: 'case.transfer_requested', entity_id: transferId },
      { action: 'follow_up.transferred', entity_id: followUp.id },
      { action: 'case.transfer_accepted', entity_id: transferId },
    ]);
    const told = await eventually(
      () =>
        db.query<{ type: string; recipient_id: string }>(
          `SELECT type, recipient_id FROM notifications WHERE reference = $1 AND type LIKE 'transfer_%' ORDER BY type`,
          [c.reference],
        ),
      (rows) => rows.length >= 2,
    );
    expect(told).toEqual(
      expect.arrayContaining([
        { type: 'transfer_accepted', recipient_id: u.supervisorA.id },
        { type: 'transfer_requested', recipient_id: u.supervisorB.id },
      ]),
    );
  });

  it('a declined transfer leaves the case where it was; its reason reaches no log or notification', async () => {
    const c = await caseWithConsent();
    const t = await request(c.id, c.consentId);
    const declined = await as(u.supervisorB, 'POST', `/api/v1/transfers/${String(t.body.id)}/decline`, {
      reasonText: `Quá tải ${MARKER}`,
    });
    expect([declined.status, declined.body.status]).toEqual([200, 'declined']);
    expect((await as(u.counsellorA, 'GET', `/api/v1/cases/${c.id}`)).body.organizationId).toBe(orgA.id);
    expect((await as(u.supervisorB, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(404);
    const file = await as(u.supervisorA, 'GET', `/api/v1/cases/${c.id}/transfers`);
    expect(file.body.items?.[0]).toMatchObject({ status: 'declined', declineReason: `Quá tải ${MARKER}` });
    const told = await eventually(
      () =>
        db.query<{ title: string }>(
          `SELECT title FROM notifications WHERE reference = $1 AND type = 'transfer_declined'`,
          [c.reference],
        ),
      (rows) => rows.length >= 1,
    );
    const [stored] = await db.query<{ reason: string }>(
      `SELECT decline_reason_enc AS reason FROM case_transfers WHERE id = $1`,
      [t.body.id],
    );
    expect(stored?.reason).not.toContain(MARKER);
    expect(JSON.stringify(told)).not.toContain(MARKER);
    expect(api.logs()).not.toContain(MARKER);
    expect(worker.logs()).not.toContain(MARKER);
    const events = await db.query<{ payload: unknown }>(`SELECT payload FROM outbox_events`);
    expect(JSON.stringify(events)).not.toContain(MARKER);
  });

  it('the sender cancels a waiting transfer (the receiver may not); then another may be asked', async () => {
    const c = await caseWithConsent();
    const t = await request(c.id, c.consentId);
    const id = String(t.body.id);
    expect((await as(u.supervisorB, 'POST', `/api/v1/transfers/${id}/cancel`, {})).status).toBe(403);
    expect((await as(u.counsellorA, 'POST', `/api/v1/transfers/${id}/cancel`, {})).status).toBe(404);
    // A waiting transfer keeps the case open.
    const closing = await as(u.counsellorA, 'POST', `/api/v1/cases/${c.id}/transitions`, {
      to: 'closed',
      reasonCode: 'goals_met',
    });
    expect([closing.status, closing.body.code]).toEqual([409, 'CASE_CLOSURE_BLOCKED']);
    const cancelled = await as(u.supervisorA, 'POST', `/api/v1/transfers/${id}/cancel`, {});
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    expect(
      (await as(u.supervisorB, 'POST', `/api/v1/transfers/${id}/decline`, { reasonText: 'x' })).body.code,
    ).toBe('TRANSFER_NOT_OPEN');
    expect((await request(c.id, c.consentId)).status).toBe(201);
    const audit = await db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE entity_id = $1 AND action LIKE 'case.transfer_%' ORDER BY id`,
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual(['case.transfer_requested', 'case.transfer_cancelled']);
  });

  it('a restricted case stays restricted, named for the accepting supervisor; its transfers read is audited', async () => {
    const c = await caseWithConsent();
    expect(
      (await as(u.supervisorA, 'POST', `/api/v1/cases/${c.id}/restriction`, { restricted: true })).status,
    ).toBe(200);
    const t = await request(c.id, c.consentId);
    expect(t.status).toBe(201);
    expect(
      (await as(u.supervisorB, 'POST', `/api/v1/transfers/${String(t.body.id)}/accept`, {})).status,
    ).toBe(200);
    const file = await as(u.supervisorB, 'GET', `/api/v1/cases/${c.id}`);
    expect([file.status, file.body.restricted, file.body.assigneeId]).toEqual([200, true, null]);
    expect((await as(u.supervisorA, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(404);
    expect((await as(u.supervisorB, 'GET', `/api/v1/cases/${c.id}/transfers`)).status).toBe(200);
    const reads = await db.query(
      `SELECT 1 FROM audit_events WHERE case_id = $1 AND action = 'case.transfers_read'`,
      [c.id],
    );
    expect(reads).toHaveLength(1);
  });

  it("refuses 'transferred' for a new closure; an old case carrying it still reads", async () => {
    const c = await caseWithConsent();
    const refused = await as(u.counsellorA, 'POST', `/api/v1/cases/${c.id}/transitions`, {
      to: 'closed',
      reasonCode: 'transferred',
    });
    expect([refused.status, refused.body.code]).toEqual([422, 'CLOSURE_REASON_RETIRED']);
    const catalogue = await as(u.counsellorA, 'GET', '/api/v1/catalogues/closure-reasons');
    expect(catalogue.body.items?.find((i) => i.key === 'transferred')).toMatchObject({ offered: false });
    // An old case asked to close as transferred before this change.
    await db.query(
      `UPDATE cases SET closure_reason_code = 'transferred', closure_requested_by = $2, closure_requested_at = now() WHERE id = $1`,
      [c.id, u.counsellorA.id],
    );
    const old = await as(u.counsellorA, 'GET', `/api/v1/cases/${c.id}`);
    expect([old.status, (old.body.closurePending as { reasonCode?: string } | null)?.reasonCode]).toEqual([
      200,
      'transferred',
    ]);
  });
});
