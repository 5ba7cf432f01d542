import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createOrganization, createUser, type TestUser } from '../support/auth';
import { openPage, signInThroughForm } from './support/page';
import { screenAt } from './support/screens';
import { startBrowserWorld, type BrowserWorld } from './support/world';

/**
 * The counsellor prints the case file (purpose and reason in a dialog, the PDF downloaded through fetch:
 * no reason or token in any URL) and a referral's form. HAVEN_SCREENSHOTS=<dir> saves the dialog as
 * counsellor-print*.png at 1366 and 360 px.
 */
const REASON = 'Tòa án nhân dân quận Đống Đa đề nghị cung cấp hồ sơ REASONMARK';

let world: BrowserWorld;
let counsellor: TestUser;
let supervisor: TestUser;
let providerId: string;

beforeAll(async () => {
  world = await startBrowserWorld();
  const { db } = world;
  const centre = await createOrganization(db, { name: 'Trung tâm in thử' });
  const legalOrg = await createOrganization(db, { name: 'Trợ giúp pháp lý in thử', type: 'legal_aid' });
  counsellor = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
  supervisor = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
  const [p] = await db.query<{ id: string }>(
    `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, created_by)
     VALUES ($1, 'legal_aid', $2, '01', '00004', '{legal_aid}', $3) RETURNING id`,
    [`Văn phòng luật Bình An ${randomUUID().slice(0, 4)}`, legalOrg.id, supervisor.id],
  );
  providerId = p!.id;
}, 60_000);

afterAll(() => world?.close());

/** A case assigned to the counsellor, with a referral under consent and a follow-up overdue (the way in). */
async function openCase(): Promise<{ id: string; reference: string }> {
  const { db, req } = world;
  const c = await req<{ id: string; reference: string }>(supervisor, 'POST', '/api/v1/cases', {
    channel: 'hotline',
    survivor: { sex: 'female', fullName: 'Lê Thị In Thử', birthYear: 1992 },
    incident: { violenceTypes: ['physical_assault'] },
  });
  expect(c.status).toBe(201);
  expect(
    (await req(supervisor, 'POST', `/api/v1/cases/${c.body.id}/assignment`, { assigneeId: counsellor.id }))
      .status,
  ).toBe(200);
  const consent = await req<{ id: string }>(counsellor, 'POST', `/api/v1/cases/${c.body.id}/consents`, {
    purpose: 'referral',
    method: 'verbal',
    givenBy: 'survivor',
    providerIds: [providerId],
    sharedFields: ['fullName'],
  });
  expect(consent.status).toBe(201);
  const r = await req(counsellor, 'POST', `/api/v1/cases/${c.body.id}/referrals`, {
    providerId,
    services: ['legal_aid'],
    urgency: 'urgent',
    consentId: consent.body.id,
  });
  expect(r.status).toBe(201);
  const f = await req<{ id: string }>(counsellor, 'POST', `/api/v1/cases/${c.body.id}/follow-ups`, {
    kind: 'call_back',
    dueAt: new Date(Date.now() + 7_200_000).toISOString(),
  });
  expect(f.status).toBe(201);
  await db.query(`UPDATE follow_ups SET due_at = now() - interval '1 hour' WHERE id = $1`, [f.body.id]);
  return c.body;
}

describe('printing, for the counsellor', () => {
  it('prints the file with a purpose and a reason, and a referral form; nothing of them in a URL', async () => {
    const { db, web, browser } = world;
    const kase = await openCase();
    const { page, violations, urls } = await openPage(browser, web.url + '/');
    await signInThroughForm(page, counsellor);
    await page.getByRole('link', { name: 'Việc cần làm' }).click();
    await page.getByRole('link', { name: kase.reference }).first().click();
    await page.getByRole('heading', { name: `Hồ sơ ${kase.reference}`, level: 1 }).waitFor();

    await page.getByRole('button', { name: 'In hồ sơ' }).click();
    const dialog = page.getByRole('dialog', { name: 'In hồ sơ vụ việc' });
    await dialog.waitFor();
    await expect(dialog.getByRole('button', { name: 'Tải bản in (PDF)' }).isDisabled()).resolves.toBe(true);
    await dialog.getByRole('combobox', { name: 'Mục đích in' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: 'Cung cấp cho tòa án hoặc cơ quan tiến hành tố tụng' }).click();
    await dialog.getByRole('textbox', { name: 'Lý do in' }).fill(REASON);
    // The dialog at 1366 and at 360 px (nothing wider), each checked with axe.
    await screenAt(page, 'counsellor-', 'print', { axeAt: [1366, 360], fullPage: false });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Tải bản in (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`ho-so-${kase.reference}.pdf`);
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await dialog.getByText('Đã tải bản in.', { exact: false }).waitFor();
    const audited = await db.query(
      `SELECT reason_code FROM audit_events WHERE action = 'case.printed' AND case_id = $1`,
      [kase.id],
    );
    expect(audited).toEqual([{ reason_code: 'court' }]);
    await dialog.getByRole('button', { name: 'Hủy' }).click();

    await page.getByRole('tab', { name: 'Chuyển gửi' }).click();
    const [form] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'In phiếu chuyển gửi' }).first().click(),
    ]);
    expect(form.suggestedFilename()).toMatch(/^phieu-chuyen-gui-[A-Za-z0-9-]+\.pdf$/);
    await screenAt(page, 'counsellor-', 'print-referral', { widths: [1366], fullPage: false });

    // The reason and the purpose travel in the body: no URL holds them (nor a token).
    expect(urls.filter((u) => /REASONMARK|token|reason=|purpose=|court/i.test(u))).toEqual([]);
    expect(violations).toEqual([]);
  }, 90_000);
});
