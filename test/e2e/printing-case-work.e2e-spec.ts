import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assignCase, createCase } from '../factories/cases';
import { RunningApi, startApi, testEnv } from '../support/app';
import { call, createOrganization, createUser, MANY_SIGN_INS, TestUser, tokenCache } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import type { ErrorBody } from '../support/error-body';
import { readPdf } from '../support/pdf-text';

// Distinctive, realistic texts (the page is rendered for docs/screenshots/print-case-file.png).
const CODE_WORD = 'Hoa sen trắng';
const STRENGTHS = 'Chị thương con, có việc làm';
const DRAFT_TEXT = 'cân nhắc nói với mẹ';
const GOAL = 'Có nơi ở an toàn cho hai mẹ con';
const WARNING = 'Anh ta uống rượu, đập phá đồ đạc';
const TRUSTED = 'Nguyễn Thị Lan';
const REACH = 'Zalo 0987 654 321';
const DOC_NAME = 'giay-ra-vien-Bach-Mai';
const TRANSFER_NOTE = 'Chị chuyển về sống với bố mẹ';

/** Today in Hanoi, YYYY-MM-DD. */
const today = (): string => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

/** A complete psychosocial assessment (config/forms/psychosocial/1.yaml). */
const ANSWERS = {
  feelings: ['afraid', 'anxious'],
  distress_level: 7,
  daily_activities: 'with_difficulty',
  sleep: 'nightmares',
  appetite_changed: true,
  days_unable_to_work: 4,
  has_trusted_person: true,
  trusted_people: ['friend'],
  self_harm_thoughts: false,
  coping_ability: 3,
  strengths: STRENGTHS,
  psychosocial_support_needed: 'focused',
  next_session_date: '2026-12-14',
};

/**
 * The printed case file's case-work sections (issue 15): the assessments (a completed one's answers in
 * its version's words, a draft's not), the case plan (approved and draft versions, progress), the safety
 * plan (without the survivor's code word), the services given and the documents (a list, no names).
 */
describe('printing: the case work in the printed file', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let counsellor: TestUser;
  let supervisor: TestUser;
  let caseId: string;

  const req = async <T = { id: string; version: number; status: string }>(
    user: TestUser,
    method: string,
    path: string,
    body?: unknown,
    key?: string,
  ) =>
    call<T & ErrorBody>(api, method, path, {
      token: await tokenOf(user),
      ...(body === undefined ? {} : { body }),
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    const centre = await createOrganization(db, { name: 'Trung tâm Công tác xã hội Đống Đa' });
    const receiving = await createOrganization(db, { name: 'Trung tâm Công tác xã hội Long Biên' });
    counsellor = await createUser(db, {
      roles: ['counsellor'],
      organizationId: centre.id,
      displayName: 'Nguyễn Thu Hà',
    });
    supervisor = await createUser(db, {
      roles: ['supervisor'],
      organizationId: centre.id,
      displayName: 'Trần Minh Đức',
    });
    const c = await createCase(api, await tokenOf(supervisor), {
      survivor: { safeContact: { codeWord: CODE_WORD, canCall: false } },
      risk: { answers: { threats_to_kill: true } },
    });
    caseId = c.id;
    await assignCase(api, await tokenOf(supervisor), caseId, counsellor.id);
    const base = `/api/v1/cases/${caseId}`;

    // Assessments: one completed, one left a draft.
    const done = await req(counsellor, 'POST', `${base}/assessments`, { formKey: 'psychosocial' });
    expect(done.status).toBe(201);
    const saved = await req(counsellor, 'PATCH', `${base}/assessments/${done.body.id}`, {
      answers: ANSWERS,
      version: done.body.version,
    });
    expect(saved.status).toBe(200);
    const completed = await req(counsellor, 'POST', `${base}/assessments/${done.body.id}/complete`, {
      version: saved.body.version,
    });
    expect(completed.status).toBe(200);
    const draft = await req(counsellor, 'POST', `${base}/assessments`, { formKey: 'psychosocial' });
    expect(
      (
        await req(counsellor, 'PATCH', `${base}/assessments/${draft.body.id}`, {
          answers: { strengths: `Chị đang ${DRAFT_TEXT}` },
          version: draft.body.version,
        })
      ).status,
    ).toBe(200);

    // The plan: version 1 submitted and approved, version 2 a draft.
    const started = await req(counsellor, 'POST', `${base}/plan`);
    expect(started.status).toBe(201);
    const put = await req(counsellor, 'PUT', `${base}/plan/${started.body.id}`, {
      version: started.body.version,
      goals: [
        {
          needsArea: 'safety',
          text: GOAL,
          actions: [
            { service: 'psychological_counselling', performer: 'counsellor', dueOn: '2026-12-15' },
            { service: 'shelter', performer: 'survivor', status: 'done' },
          ],
        },
        {
          needsArea: 'legal_justice',
          text: 'Trợ giúp ly hôn',
          actions: [{ service: 'legal_aid', performer: 'survivor' }],
        },
      ],
    });
    expect(put.status).toBe(200);
    const sub = await req(counsellor, 'POST', `${base}/plan/${put.body.id}/submit`, {
      version: put.body.version,
    });
    expect(sub.body.status).toBe('submitted');
    const ok = await req(supervisor, 'POST', `${base}/plan/${put.body.id}/approve`, {
      version: sub.body.version,
    });
    expect(ok.status).toBe(200);
    expect((await req(counsellor, 'POST', `${base}/plan`)).status).toBe(201);

    // The safety plan, a service given, a document.
    const sp = await req(
      counsellor,
      'PUT',
      `${base}/safety-plan`,
      {
        version: 0,
        warningSigns: WARNING,
        safePlaces: 'Nhà chị gái ở Đống Đa',
        trustedPeople: [{ name: TRUSTED, relationship: 'chị gái', howToReach: REACH }],
        leavingItems: ['identity_documents'],
        leavingOther: 'Sổ tiết kiệm',
        emergencyNumbers: [{ label: 'Công an', number: '113' }],
        steps: 'Gọi 113 khi nghe tiếng đập cửa',
      },
      `sp-${caseId}`,
    );
    expect(sp.status).toBe(200);
    const svc = await req(
      counsellor,
      'POST',
      `${base}/services`,
      { service: 'economic_support', givenOn: today() },
      `svc-${caseId}`,
    );
    expect(svc.status).toBe(201);
    const mistaken = await req(counsellor, 'POST', `${base}/services`, {
      service: 'medical_care',
      givenOn: today(),
    });
    expect(mistaken.status).toBe(201);
    const removed = await req(counsellor, 'POST', `${base}/services/${mistaken.body.id}/remove`, {
      version: mistaken.body.version,
      reason: 'mistaken',
    });
    expect(removed.status).toBe(200);
    const form = new FormData();
    form.append('kind', 'medical');
    form.append(
      'file',
      new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }),
      `${DOC_NAME}.pdf`,
    );
    const doc = await fetch(`${api.url}${base}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf(counsellor)}` },
      body: form,
    });
    expect(doc.status).toBe(201);

    // A transfer asked of another centre (its note is not printed).
    const consent = await req(counsellor, 'POST', `${base}/consents`, {
      purpose: 'transfer',
      method: 'verbal',
      givenBy: 'survivor',
    });
    expect(consent.status).toBe(201);
    const transfer = await req(supervisor, 'POST', `${base}/transfers`, {
      toOrganizationId: receiving.id,
      consentId: consent.body.id,
      note: TRANSFER_NOTE,
    });
    expect(transfer.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('prints the assessments, the plan, the safety plan, the services and the documents in Vietnamese', async () => {
    const res = await fetch(`${api.url}/api/v1/cases/${caseId}/print`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf(counsellor)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: 'survivor_request', reason: 'Chị yêu cầu bản sao' }),
    });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (process.env.HAVEN_PRINT_SAMPLES)
      writeFileSync(join(process.env.HAVEN_PRINT_SAMPLES, 'case-work.pdf'), bytes);
    const { flat } = readPdf(bytes);
    const order = [
      'IV. LỊCH SỬ ĐÁNH GIÁ NGUY CƠ',
      'V. KẾ HOẠCH AN TOÀN',
      'VI. ĐÁNH GIÁ',
      'VII. KẾ HOẠCH HỖ TRỢ',
      'VIII. DỊCH VỤ ĐÃ CUNG CẤP',
      'IX. CHUYỂN GỬI',
      'XIII. TÀI LIỆU ĐÍNH KÈM',
      'XV. CHUYỂN HỒ SƠ',
      'XVI. LỊCH SỬ TRẠNG THÁI',
    ];
    const at = order.map((h) => flat.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);

    // Assessments: the completed one in its version's words (free text too); the draft listed only.
    for (const text of [
      'Đánh giá tâm lý – xã hội — phiên bản 1',
      'Đã hoàn thành',
      'Giấc ngủ',
      'Gặp ác mộng, thức giấc',
      STRENGTHS,
      'Bản nháp: câu trả lời chưa được in.',
    ]) {
      expect(flat).toContain(text);
    }
    expect(flat).not.toContain('nightmares');
    expect(flat).not.toContain(DRAFT_TEXT);

    // The plan: the approved version with goals and actions, the draft noted, the versions.
    for (const text of [
      'Kế hoạch đang áp dụng — phiên bản 1',
      'Kế hoạch chưa được duyệt (bản nháp) — phiên bản 2',
      'Tiến độ: 1/3 hoạt động đã xong',
      GOAL,
      'Mục tiêu 2 — Pháp lý – tư pháp',
      'Trợ giúp pháp lý',
      '15/12/2026',
      'Các phiên bản',
      'Đã duyệt',
    ]) {
      expect(flat).toContain(text);
    }

    // The safety plan: its content and trusted people, never the code word.
    for (const text of [
      WARNING,
      TRUSTED,
      REACH,
      'Công an: 113',
      'Giấy tờ tùy thân',
      'Rà soát gần nhất',
      'Đang có hiệu lực',
    ]) {
      expect(flat).toContain(text);
    }
    expect(flat).not.toContain(CODE_WORD);

    // Services given (the removed entry left out), documents (a list: kind, type, who; never the file's
    // name) and the transfer (organisations and status; never its note).
    expect(flat).toContain('Hỗ trợ kinh tế, sinh kế');
    expect(flat).not.toContain('Chăm sóc y tế');
    expect(flat).toContain('Trung tâm Công tác xã hội Long Biên');
    expect(flat).toContain('Chờ quyết định');
    expect(flat).not.toContain(TRANSFER_NOTE);
    expect(flat).toContain('Giấy tờ y tế');
    expect(flat).toContain('Đang lưu');
    expect(flat).not.toContain(DOC_NAME);
  });
});
