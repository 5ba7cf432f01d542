import { createOrganization, createUser, type TestUser } from '../support/auth';
import { type Page } from './support/deps';
import { openPage, openTab, signInThroughForm } from './support/page';
import { screenAt } from './support/screens';
import { startBrowserWorld, type BrowserWorld } from './support/world';

/**
 * The counsellor's safety plan and services given (issue 15, items 3–4) in Chromium against the real API:
 * a high-risk case shows the plan needed, the structured plan is saved and becomes current, a service
 * is recorded, an incident corrected. No serious axe finding, nothing wider than 360 px.
 * HAVEN_SCREENSHOTS=<dir> saves counsellor-safety-plan*.png and counsellor-services*.png.
 */
let world: BrowserWorld;
let counsellor: TestUser;
let supervisor: TestUser;

beforeAll(async () => {
  world = await startBrowserWorld();
  const centre = await createOrganization(world.db, { name: 'Trung tâm thử' });
  counsellor = await createUser(world.db, { roles: ['counsellor'], organizationId: centre.id });
  supervisor = await createUser(world.db, { roles: ['supervisor'], organizationId: centre.id });
});

afterAll(() => world?.close());

/** Checked (axe), fits a phone, and when asked for photographed at 1366 and 360 px. */
const screen = (page: Page, name: string) => screenAt(page, 'counsellor-', name);

describe('the counsellor: safety plan and services given', () => {
  it('makes the plan a high risk needs, records a service and corrects an incident', async () => {
    const { db, web, browser, req } = world;
    const c = await req<{ id: string; reference: string }>(supervisor, 'POST', '/api/v1/cases', {
      channel: 'hotline',
      survivor: {
        sex: 'female',
        fullName: 'Lê Thị Kế Hoạch',
        safeContact: { canCall: true, canText: false, safeTimes: '9:00–11:00 sáng', codeWord: 'hoa sen' },
      },
      incident: { violenceTypes: ['physical_assault'] },
      risk: { answers: { threats_to_kill: true, weapon_access: true } },
    });
    expect(c.status).toBe(201);
    expect(
      (await req(supervisor, 'POST', `/api/v1/cases/${c.body.id}/assignment`, { assigneeId: counsellor.id }))
        .status,
    ).toBe(200);
    const f = await req<{ id: string }>(counsellor, 'POST', `/api/v1/cases/${c.body.id}/follow-ups`, {
      kind: 'call_back',
      dueAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
    });
    expect(f.status).toBe(201);
    // Overdue (the API refuses a due time in the past): the worklist's first band lists the case.
    await db.query(`UPDATE follow_ups SET due_at = now() - interval '1 hour' WHERE id = $1`, [f.body.id]);

    const { page, violations } = await openPage(browser, web.url + '/');
    await signInThroughForm(page, counsellor);
    await page.getByRole('link', { name: 'Việc cần làm' }).click();
    await page.getByRole('tab', { name: 'Quá hạn (1)' }).click();
    await page.getByRole('link', { name: c.body.reference }).first().click();
    await page.getByRole('heading', { level: 1, name: new RegExp(c.body.reference) }).waitFor();

    // The safety plan: needed, the code word shown, the structured form, saved, then current.
    await openTab(page, 'Kế hoạch an toàn');
    await page.getByText('CẦN LẬP KẾ HOẠCH AN TOÀN', { exact: false }).waitFor();
    await page.getByText('hoa sen').first().waitFor();
    await screenAt(page, 'counsellor-', 'safety-plan-needed', { widths: [1366], axeAt: [], fullPage: false });
    await page
      .getByLabel('Dấu hiệu nguy hiểm')
      .fill('Anh ta uống rượu, đập phá đồ đạc, giữ điện thoại của chị.');
    await page
      .getByLabel('Nơi an toàn có thể đến')
      .fill('Nhà chị gái ở phường Đống Đa; trụ sở công an phường.');
    await page.getByRole('button', { name: 'Thêm người tin cậy' }).click();
    const person = page.getByTestId('trusted-person');
    await person.getByLabel('Họ tên').fill('Chị Nguyễn Thị Lan');
    await person.getByLabel('Quan hệ').fill('Chị gái');
    await person.getByLabel('Cách liên lạc').fill('Gọi số của chị Lan sau 18 giờ');
    await page.getByLabel('Giấy tờ tùy thân (CCCD, hộ chiếu)').check();
    await page.getByLabel('Thuốc đang dùng, sổ khám bệnh').check();
    await page.getByLabel('Điện thoại và sạc').check();
    await page
      .getByLabel('Các bước đã thống nhất')
      .fill('Khi nghe anh ta về say rượu: đưa con sang nhà chị Lan, gọi 113.');
    await page.getByRole('button', { name: 'Lưu kế hoạch' }).click();
    await page.getByText('Đã lưu phiên bản 1.').waitFor();
    await page.getByText('Kế hoạch đang có hiệu lực', { exact: false }).waitFor();
    await page.getByTestId('safety-plan-history').first().waitFor();
    await screen(page, 'safety-plan');

    // Services given: recorded and listed.
    await openTab(page, 'Dịch vụ đã cung cấp');
    await page.getByRole('combobox', { name: 'Dịch vụ', exact: true }).focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: 'Tư vấn, tham vấn tâm lý' }).click();
    await page.getByRole('textbox', { name: 'Ghi chú' }).fill('Buổi tham vấn đầu tiên tại trung tâm');
    await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
    await page.getByTestId('case-service').filter({ hasText: 'Tư vấn, tham vấn tâm lý' }).waitFor();
    await screen(page, 'services');

    // The incident corrected from its tab.
    await openTab(page, 'Vụ việc');
    await page.getByRole('button', { name: 'Sửa' }).click();
    await page.getByRole('combobox', { name: 'Nơi xảy ra', exact: true }).focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option').first().click();
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const incidents = await db.query<{ version: number }>(
      `SELECT version FROM incidents WHERE case_id = $1`,
      [c.body.id],
    );
    expect(incidents).toEqual([{ version: 2 }]);
    expect(violations).toEqual([]);
  });
});
