import { randomInt } from 'node:crypto';
import { CryptoService } from '../../src/platform/crypto';
import { readPdf } from '../support/pdf-text';
import { RunningApi, startApi, testEnv } from '../support/app';
import { bearer, createOrganization, createUser, MANY_SIGN_INS, TestUser, tokenCache } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';

/** A name that appears nowhere else: finding it in the PDF means her identity was printed. */
const MARKER = 'Phạm Thị Đánh Dấu Ẩn';
const COMMUNE = { code: '00004', inSentence: 'phường Ba Đình' };

describe('the commune notice of a trusted address (GET /api/v1/stays/:id/commune-notice)', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let crypto: CryptoService;
  let referrer: TestUser;
  let staff: TestUser;
  let supervisor: TestUser;
  let safeHouseStaff: TestUser;
  let trustedAddressId: string;
  let safeHouseId: string;
  let communeOfficeId: string;
  let trustedOrgId: string;
  let safeHouseOrgId: string;
  let referrerOrgId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    crypto = api.app.get(CryptoService);
    const centre = await createOrganization(db, {
      name: 'Trung tâm CTXH thông báo',
      type: 'social_work_centre',
    });
    const trusted = await createOrganization(db, { name: 'Hội Phụ nữ Ba Đình', type: 'trusted_address' });
    const shelter = await createOrganization(db, { name: 'Nhà tạm lánh Bình Minh', type: 'safe_house' });
    const commune = await createOrganization(db, { name: 'UBND phường Ba Đình', type: 'commune_office' });
    referrerOrgId = centre.id;
    trustedOrgId = trusted.id;
    safeHouseOrgId = shelter.id;
    referrer = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
    staff = await createUser(db, { roles: ['provider_staff'], organizationId: trusted.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: trusted.id });
    safeHouseStaff = await createUser(db, { roles: ['provider_staff'], organizationId: shelter.id });
    trustedAddressId = await provider('Địa chỉ tin cậy Ngọc Hà', 'trusted_address', trusted.id, '15 Đội Cấn');
    safeHouseId = await provider('Nhà tạm lánh Bình Minh', 'safe_house', shelter.id, 'bí mật');
    communeOfficeId = await provider('UBND phường Ba Đình', 'commune_office', commune.id, '1 Quán Thánh');
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  async function provider(
    name: string,
    type: string,
    organizationId: string,
    address: string,
  ): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO providers (name, type, organization_id, province_code, commune_code, address_text_enc,
                              phone_enc, services, capacity, created_by)
       VALUES ($1, $2, $3, '01', $4, $5, $6, '{shelter}', $7, $8) RETURNING id`,
      [
        name,
        type,
        organizationId,
        COMMUNE.code,
        crypto.encrypt(address, 'providers.address_text_enc'),
        crypto.encrypt('0243 555 0101', 'providers.phone_enc'),
        type === 'safe_house' ? 4 : null,
        referrer.id,
      ],
    );
    return row!.id;
  }

  /** A case of the centre with its survivor, referred to the provider, and the stay that the start opened. */
  async function stayAt(
    providerId: string,
    organizationId: string,
  ): Promise<{ stayId: string; caseId: string; reference: string }> {
    const reference = `HN-2026-${String(randomInt(1, 999_999)).padStart(6, '0')}`;
    const [c] = await db.query<{ id: string }>(
      `INSERT INTO cases (reference, organization_id, channel, received_at, status, assignee_id, created_by, record_key)
       VALUES ($1, $2, 'hotline', now(), 'in_progress', $3, $3, $4) RETURNING id`,
      [reference, referrerOrgId, referrer.id, randomInt(0, 2 ** 31 - 1)],
    );
    const caseId = c!.id;
    await db.query(
      `INSERT INTO survivors (case_id, sex, full_name_enc, birth_year_enc, national_id_enc)
       VALUES ($1, 'female', $2, $3, $4)`,
      [
        caseId,
        crypto.encrypt(MARKER, 'survivors.full_name_enc'),
        crypto.encrypt('1991', 'survivors.birth_year_enc'),
        crypto.encrypt('001191009999', 'survivors.national_id_enc'),
      ],
    );
    const [r] = await db.query<{ id: string }>(
      `INSERT INTO referrals (case_id, reference, referring_organization_id, referred_by, provider_id,
                              recipient_organization_id, services, urgency, status, due_by, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, '{shelter}', 'urgent', 'in_service', now() + interval '1 day', now())
       RETURNING id`,
      [caseId, reference, referrerOrgId, referrer.id, providerId, organizationId],
    );
    // 20:00 UTC on 4 March is 03:00 on 5 March in Hanoi: the notice must say 05/03/2026.
    const [s] = await db.query<{ id: string }>(
      `INSERT INTO stays (referral_id, case_id, reference, provider_id, organization_id, admitted_at, admitted_by)
       VALUES ($1, $2, $3, $4, $5, '2026-03-04T20:00:00Z', $6) RETURNING id`,
      [r!.id, caseId, reference, providerId, organizationId, staff.id],
    );
    return { stayId: s!.id, caseId, reference };
  }

  async function consent(
    caseId: string,
    over: { types?: string[]; ids?: string[]; fields: string[] },
  ): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO consents (case_id, purpose, provider_types, provider_ids, shared_fields, method, given_by, recorded_by)
       VALUES ($1, 'referral', $2, $3, $4, 'verbal', 'survivor', $5) RETURNING id`,
      [caseId, over.types ?? [], over.ids ?? [], over.fields, referrer.id],
    );
    return row!.id;
  }

  async function notice(user: TestUser, stayId: string) {
    const res = await fetch(`${api.url}/api/v1/stays/${stayId}/commune-notice`, {
      headers: bearer(await tokenOf(user)),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { res, bytes };
  }

  async function pdfText(user: TestUser, stayId: string): Promise<string> {
    const { res, bytes } = await notice(user, stayId);
    expect(res.status).toBe(200);
    return readPdf(bytes).flat;
  }

  it('renders a Vietnamese PDF naming the trusted address, the commune, the day and what Art. 36 asks', async () => {
    const { stayId, reference } = await stayAt(trustedAddressId, trustedOrgId);
    const { res, bytes } = await notice(staff, stayId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="thong-bao-${reference}.pdf"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const read = readPdf(bytes);
    expect(read.flat).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(read.flat).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(read.flat).toContain('Về việc tiếp nhận người bị bạo lực gia đình tại địa chỉ tin cậy');
    expect(read.flat).toContain(`Kính gửi: Ủy ban nhân dân ${COMMUNE.inSentence}`);
    expect(read.flat).toContain('Địa chỉ tin cậy Ngọc Hà trân trọng thông báo: ngày 05/03/2026');
    expect(read.flat).toContain('Theo Điều 36 Luật Phòng, chống bạo lực gia đình số 13/2022/QH15');
    expect(read.flat).toContain('Địa chỉ: 15 Đội Cấn');
    expect(read.info.Title).toBe('THÔNG BÁO về việc tiếp nhận người bị bạo lực gia đình tại địa chỉ tin cậy');
  });

  it('withholds her identity without a consent naming the commune office, prints it with one, hides it again after withdrawal', async () => {
    const { stayId, caseId } = await stayAt(trustedAddressId, trustedOrgId);
    // A consent for the trusted address itself does not reach the commune office.
    await consent(caseId, { types: ['trusted_address'], fields: ['fullName', 'birthYear'] });
    let text = await pdfText(staff, stayId);
    expect(text).not.toContain(MARKER);
    expect(text).toContain('chưa đồng ý chia sẻ thông tin với Ủy ban nhân dân cấp xã');

    const consentId = await consent(caseId, { types: ['commune_office'], fields: ['fullName', 'riskLevel'] });
    text = await pdfText(staff, stayId);
    expect(text).toContain(`Họ và tên: ${MARKER}`);
    expect(text).not.toContain('chưa đồng ý chia sẻ');
    // Only the fields the consent names: not her year of birth, not her national id.
    expect(text).not.toContain('1991');
    expect(text).not.toContain('001191009999');
    const [audit] = await db.query<{ reason_code: string | null }>(
      `SELECT reason_code FROM audit_events WHERE case_id = $1 AND action = 'stay.commune_notice'
        ORDER BY id DESC LIMIT 1`,
      [caseId],
    );
    expect(audit?.reason_code).toBe('identity_shared_with_commune');

    await db.query(`UPDATE consents SET withdrawn_at = now(), withdrawn_by = $2 WHERE id = $1`, [
      consentId,
      referrer.id,
    ]);
    text = await pdfText(supervisor, stayId);
    expect(text).not.toContain(MARKER);
    expect(text).toContain('chưa đồng ý chia sẻ thông tin với Ủy ban nhân dân cấp xã');
  });

  it('prints her identity when a consent names a commune-office provider by id', async () => {
    const { stayId, caseId } = await stayAt(trustedAddressId, trustedOrgId);
    await consent(caseId, { ids: [communeOfficeId], fields: ['fullName', 'nationalId'] });
    const text = await pdfText(staff, stayId);
    expect(text).toContain(`Họ và tên: ${MARKER}`);
    expect(text).toContain('001191009999');
  });

  it('answers 422 for a stay at a safe house', async () => {
    const { stayId } = await stayAt(safeHouseId, safeHouseOrgId);
    const { res, bytes } = await notice(safeHouseStaff, stayId);
    expect(res.status).toBe(422);
    expect((JSON.parse(bytes.toString('utf8')) as { code: string }).code).toBe(
      'COMMUNE_NOTICE_NOT_APPLICABLE',
    );
  });

  it('hides the stay from staff of another organisation (404) and audits the refusal', async () => {
    const { stayId, caseId } = await stayAt(trustedAddressId, trustedOrgId);
    expect((await notice(safeHouseStaff, stayId)).res.status).toBe(404);
    expect((await notice(referrer, stayId)).res.status).toBe(404);
    const denied = await db.query(
      `SELECT 1 FROM audit_events WHERE case_id = $1 AND action = 'access.denied' AND reason_code = 'stay.commune_notice'`,
      [caseId],
    );
    expect(denied).toHaveLength(2);
  });

  it('records who produced the notice, for which case, in the audit trail', async () => {
    const { stayId, caseId } = await stayAt(trustedAddressId, trustedOrgId);
    await pdfText(staff, stayId);
    const rows = await db.query<{ actor_id: string; entity_id: string; reason_code: string | null }>(
      `SELECT actor_id, entity_id, reason_code FROM audit_events WHERE case_id = $1 AND action = 'stay.commune_notice'`,
      [caseId],
    );
    expect(rows).toEqual([{ actor_id: staff.id, entity_id: stayId, reason_code: null }]);
  });
});
