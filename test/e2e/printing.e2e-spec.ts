import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
import { readPdf } from '../support/pdf-text';
import { assignCase, createCase } from '../factories/cases';
import { createFollowUp } from '../factories/follow-ups';
import { createReferral, giveReferralConsent } from '../factories/referrals';

const NAME_MARK = 'Trần Thị MARKERINNAME';
const ADDRESS_MARK = 'Số 7 ngõ MARKERADDRESS';
const NATIONAL_ID = '001190077665';
const NOTE_MARK = 'Ghi chú tư vấn MARKERNOTE';
const REASON_MARK = 'Tòa án nhân dân quận yêu cầu MARKERREASON';

/** "HH:mm dd/MM/yyyy" in Hanoi (UTC+7), as the watermark prints it. */
const hanoi = (d: Date): string => {
  const h = new Date(d.getTime() + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(h.getUTCHours())}:${two(h.getUTCMinutes())} ${two(h.getUTCDate())}/${two(h.getUTCMonth() + 1)}/${h.getUTCFullYear()}`;
};

/** HAVEN_PRINT_SAMPLES=<dir>: keep the PDFs to look at them (docs/screenshots are rendered from them). */
const keep = (name: string, bytes: Buffer): void => {
  const dir = process.env.HAVEN_PRINT_SAMPLES;
  if (dir) writeFileSync(join(dir, name), bytes);
};

/** The text of each page (pdf-parse marks page ends "-- n of m --"), white space made single. */
const pagesOf = (text: string): string[] =>
  text
    .split(/-- \d+ of \d+ --/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '');

/**
 * Printed copies (issue 15): the case file as a PDF in Vietnamese and a referral's form, each watermarked
 * on every page with who printed it and when, audited once with its purpose (the reason encrypted), and
 * refused (404) to whoever may not read the case.
 */
describe('printing: the case file and the referral form', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let centre: TestOrganization;
  let other: TestOrganization;
  let legalOrg: TestOrganization;
  let counsellor: TestUser;
  let supervisor: TestUser;
  let otherCounsellor: TestUser;
  let providerStaff: TestUser;
  let caseId: string;
  let reference: string;
  let referralId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    centre = await createOrganization(db, { name: 'Trung tâm Công tác xã hội in thử' });
    other = await createOrganization(db, { name: 'Trung tâm khác in thử' });
    legalOrg = await createOrganization(db, { name: 'Trợ giúp pháp lý in thử', type: 'legal_aid' });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
    otherCounsellor = await createUser(db, { roles: ['counsellor'], organizationId: other.id });
    providerStaff = await createUser(db, { roles: ['provider_staff'], organizationId: legalOrg.id });
    const [provider] = await db.query<{ id: string }>(
      `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, created_by)
       VALUES ($1, 'legal_aid', $2, '01', '00004', '{legal_aid}', $3) RETURNING id`,
      [`Văn phòng luật ${randomUUID().slice(0, 6)}`, legalOrg.id, supervisor.id],
    );

    const sup = await tokenOf(supervisor);
    const c = await createCase(api, sup, {
      survivor: {
        fullName: NAME_MARK,
        addressDetail: ADDRESS_MARK,
        nationalId: NATIONAL_ID,
        birthYear: 1991,
        phones: ['0912 345 678'],
        communeCode: '00004',
      },
      note: NOTE_MARK,
    });
    caseId = c.id;
    reference = c.reference;
    await assignCase(api, sup, caseId, counsellor.id);
    const token = await tokenOf(counsellor);
    for (let i = 0; i < 12; i++) {
      const n = await call(api, 'POST', `/api/v1/cases/${caseId}/notes`, {
        token,
        body: {
          text: `Buổi tư vấn số ${i + 1}: ${'người bị bạo lực kể lại diễn biến và nhu cầu hỗ trợ. '.repeat(4)}`,
        },
      });
      expect(n.status).toBe(201);
    }
    const risk = await call(api, 'POST', `/api/v1/cases/${caseId}/risk-assessments`, {
      token,
      body: { answers: { threats_to_kill: true } },
    });
    expect(risk.status).toBe(201);
    await createFollowUp(api, token, caseId);
    const consentId = await giveReferralConsent(api, token, caseId, {
      providerIds: [provider!.id],
      sharedFields: ['fullName', 'riskLevel'],
    });
    referralId = (
      await createReferral(api, token, caseId, provider!.id, { services: ['legal_aid'], consentId })
    ).id;
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const print = async (user: TestUser, path: string, body?: unknown) => {
    const res = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenOf(user)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const audited = (action: string, entityId: string) =>
    db.query<{ reason_code: string | null; reason_text_enc: string | null; actor_id: string }>(
      `SELECT reason_code, reason_text_enc::text, actor_id FROM audit_events WHERE action = $1 AND entity_id = $2`,
      [action, entityId],
    );

  it('prints the whole file in Vietnamese, watermarked on every page, audited once with its purpose', async () => {
    const before = new Date();
    const res = await print(counsellor, `/api/v1/cases/${caseId}/print`, {
      purpose: 'court',
      reason: REASON_MARK,
    });
    const after = new Date();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="ho-so-[A-Za-z0-9-]+\.pdf"$/);
    expect(disposition).toContain(reference.replace(/[^A-Za-z0-9-]/g, ''));
    expect(disposition).not.toContain('MARKER');

    keep('case-file.pdf', res.bytes);
    const pdf = readPdf(res.bytes);
    expect(pdf.info.Title).toBe(`Hồ sơ ${reference}`);
    for (const heading of [
      'HỒ SƠ QUẢN LÝ TRƯỜNG HỢP',
      'I. THÔNG TIN CHUNG',
      'II. NGƯỜI BỊ BẠO LỰC',
      'III. VỤ VIỆC BẠO LỰC',
      'IV. LỊCH SỬ ĐÁNH GIÁ NGUY CƠ',
      'V. KẾ HOẠCH AN TOÀN',
      'VI. ĐÁNH GIÁ',
      'VII. KẾ HOẠCH HỖ TRỢ',
      'VIII. DỊCH VỤ ĐÃ CUNG CẤP',
      'IX. CHUYỂN GỬI',
      'X. THEO DÕI',
      'XI. BIỆN PHÁP BẢO VỆ',
      'XII. SỰ ĐỒNG Ý',
      'XIII. TÀI LIỆU ĐÍNH KÈM',
      'XIV. GHI CHÚ',
      'XV. CHUYỂN HỒ SƠ',
      'XVI. LỊCH SỬ TRẠNG THÁI',
      'Mục đích in: Cung cấp cho tòa án',
    ]) {
      expect(pdf.flat).toContain(heading);
    }
    expect(pdf.flat).toContain(reference);
    expect(pdf.flat).toContain(NAME_MARK);
    expect(pdf.flat).toContain(NOTE_MARK);
    expect(pdf.flat).toContain(counsellor.displayName);
    expect(pdf.flat).toContain('Xã/phường: Phường Ba Đình, Thành phố Hà Nội');
    // The reason stays in the audit trail (encrypted), never on paper.
    expect(pdf.flat).not.toContain('MARKERREASON');

    const pages = pagesOf(pdf.text);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages).toHaveLength(pdf.pages);
    const times = new Set([hanoi(before), hanoi(after)]);
    for (const [n, page] of pages.entries()) {
      expect(page).toContain('BẢO MẬT');
      expect(page).toContain(`In bởi: ${counsellor.displayName} (${centre.name})`);
      expect([...times].some((t) => page.includes(`lúc ${t} (giờ Hà Nội)`))).toBe(true);
      expect(page).toContain(`Trang ${n + 1}/${pages.length}`);
    }

    const rows = await audited('case.printed', caseId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reason_code: 'court', actor_id: counsellor.id });
    expect(rows[0]!.reason_text_enc).toBeTruthy();
    expect(rows[0]!.reason_text_enc).not.toContain('MARKERREASON');
    // One row for the print: no per-part read rows for it.
    const reads = await db.query(
      `SELECT action FROM audit_events WHERE case_id = $1 AND at >= $2 AND action <> 'case.printed'`,
      [caseId, before],
    );
    expect(reads).toEqual([]);
    expect(api.logs()).not.toContain('MARKERREASON');
  });

  it('shows the print in the access log with its purpose (never the reason)', async () => {
    const log = await call<{ action: string; reasonCode: string | null }[]>(
      api,
      'GET',
      `/api/v1/cases/${caseId}/access-log`,
      { token: await tokenOf(supervisor) },
    );
    expect(log.status).toBe(200);
    expect(log.body.find((e) => e.action === 'case.printed')).toMatchObject({ reasonCode: 'court' });
    expect(JSON.stringify(log.body)).not.toContain('MARKERREASON');
  });

  it('refuses a print without a reason, with a blank or too long one, or an unknown purpose: 400 coded, nothing audited', async () => {
    const path = `/api/v1/cases/${caseId}/print`;
    const bad = [
      { purpose: 'court' },
      { purpose: 'court', reason: '   ' },
      { purpose: 'court', reason: 'x'.repeat(501) },
      { purpose: 'gossip', reason: 'Lý do' },
      { reason: 'Lý do' },
    ];
    const before = (await audited('case.printed', caseId)).length;
    for (const body of bad) {
      const res = await call<{ code: string; details?: unknown }>(api, 'POST', path, {
        token: await tokenOf(counsellor),
        body,
      });
      expect(res.status).toBe(400);
      expect(['VALIDATION_FAILED', 'UNKNOWN_CATALOGUE_KEY']).toContain(res.body.code);
    }
    expect(await audited('case.printed', caseId)).toHaveLength(before);
  });

  it('lets the supervisor print; a provider and another organisation’s counsellor get 404', async () => {
    const body = { purpose: 'survivor_request', reason: 'Người bị bạo lực xin bản sao' };
    expect((await print(supervisor, `/api/v1/cases/${caseId}/print`, body)).status).toBe(200);
    expect((await print(providerStaff, `/api/v1/cases/${caseId}/print`, body)).status).toBe(404);
    expect((await print(otherCounsellor, `/api/v1/cases/${caseId}/print`, body)).status).toBe(404);
    expect((await print(counsellor, `/api/v1/cases/${randomUUID()}/print`, body)).status).toBe(404);
    const rows = await audited('case.printed', caseId);
    expect(rows.map((r) => r.reason_code).sort()).toEqual(['court', 'survivor_request']);
  });

  it('prints the referral form with only the consented fields, watermarked, audited', async () => {
    const res = await print(counsellor, `/api/v1/referrals/${referralId}/print`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="phieu-chuyen-gui-[A-Za-z0-9-]+\.pdf"$/,
    );
    keep('referral-form.pdf', res.bytes);
    const pdf = readPdf(res.bytes);
    for (const text of ['PHIẾU CHUYỂN GỬI', 'Kính gửi: Văn phòng luật', 'Trợ giúp pháp lý', NAME_MARK]) {
      expect(pdf.flat).toContain(text);
    }
    expect(pdf.flat).toContain(`Người liên hệ: ${counsellor.displayName}`);
    expect(pdf.flat).toContain('NGƯỜI CHUYỂN GỬI');
    // Not consented: the address, the national id, the phone, the counsellor's notes.
    expect(pdf.flat).not.toContain('MARKERADDRESS');
    expect(pdf.flat).not.toContain(NATIONAL_ID);
    expect(pdf.flat).not.toContain('345 678');
    expect(pdf.flat).not.toContain('MARKERNOTE');
    for (const page of pagesOf(pdf.text)) {
      expect(page).toContain(`In bởi: ${counsellor.displayName} (${centre.name})`);
    }
    const rows = await audited('referral.printed', referralId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.reason_code).toBe('fullName,riskLevel');
  });

  it('prints no survivor field on the form once the consent is withdrawn', async () => {
    const token = await tokenOf(counsellor);
    const consents = await call<{ items: { id: string; purpose: string }[] }>(
      api,
      'GET',
      `/api/v1/cases/${caseId}/consents`,
      { token },
    );
    const consent = consents.body.items.find((c) => c.purpose === 'referral');
    const w = await call(api, 'POST', `/api/v1/cases/${caseId}/consents/${consent!.id}/withdraw`, {
      token,
      body: { reasonText: 'Không muốn chia sẻ nữa' },
    });
    expect(w.status).toBe(200);
    const res = await print(counsellor, `/api/v1/referrals/${referralId}/print`);
    expect(res.status).toBe(200);
    const pdf = readPdf(res.bytes);
    expect(pdf.flat).not.toContain('MARKERINNAME');
    expect(pdf.flat).toContain('không đồng ý chia sẻ thông tin cá nhân');
    const rows = await audited('referral.printed', referralId);
    expect(rows.map((r) => r.reason_code)).toEqual(['fullName,riskLevel', 'no_shared_fields']);
  });

  it('refuses the referral form to the provider’s staff and another organisation: 404', async () => {
    expect((await print(providerStaff, `/api/v1/referrals/${referralId}/print`)).status).toBe(404);
    expect((await print(otherCounsellor, `/api/v1/referrals/${referralId}/print`)).status).toBe(404);
    expect((await print(counsellor, `/api/v1/referrals/${randomUUID()}/print`)).status).toBe(404);
    expect(await audited('referral.printed', referralId)).toHaveLength(2);
  });
});
