import { createOrganization, createUser, type TestOrganization, type TestUser } from '../support/auth';
import { intakePayload } from '../factories/cases';
import { type Page } from './support/deps';
import { goInApp, openPage, signInThroughForm } from './support/page';
import { screenAt } from './support/screens';
import { startBrowserWorld, type BrowserWorld } from './support/world';

/**
 * The case plan in Chromium against the real API: the counsellor builds a plan (a goal, two actions) in
 * the case file's "Kế hoạch" tab and submits it; a supervisor, in a second browser context, approves it
 * from "Duyệt kế hoạch"; the counsellor sees it approved, with its progress. Every screen: no CSP
 * violation, no serious or critical axe finding, nothing wider than 360 px. HAVEN_SCREENSHOTS=<dir>
 * saves counsellor-plan*.png and supervisor-plan-approvals*.png.
 */
const GOAL = 'Chị được ở nơi an toàn trong 30 ngày tới';

let world: BrowserWorld;
let centre: TestOrganization;
let counsellor: TestUser;
let supervisor: TestUser;
const providerName = 'Nhà tạm lánh Bình Minh';

beforeAll(async () => {
  world = await startBrowserWorld();
  const { db } = world;
  centre = await createOrganization(db, { name: 'Trung tâm kế hoạch thử' });
  const safeOrg = await createOrganization(db, { name: 'Nhà tạm lánh thử', type: 'safe_house' });
  counsellor = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
  supervisor = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
  await db.query(
    `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, capacity,
                            accepting_referrals, created_by)
     VALUES ($1, 'safe_house', $2, '01', '00004', '{shelter,psychological_counselling}', 5, true, $3)`,
    [providerName, safeOrg.id, supervisor.id],
  );
});

afterAll(() => world?.close());

async function openCase(): Promise<{ id: string; reference: string }> {
  const c = await world.req<{ id: string; reference: string }>(
    supervisor,
    'POST',
    '/api/v1/cases',
    intakePayload(),
  );
  expect(c.status).toBe(201);
  const a = await world.req(supervisor, 'POST', `/api/v1/cases/${c.body.id}/assignment`, {
    assigneeId: counsellor.id,
  });
  expect(a.status).toBe(200);
  return c.body;
}

/** Checked (axe, 360 px) and, when asked for, photographed at 1366 and 360 px wide. */
const screen = (page: Page, name: string) => screenAt(page, '', name);

/** A Mantine Select in `scope`: open it by its label, pick the option. */
async function pick(page: Page, scope: ReturnType<Page['getByTestId']>, label: string, option: string) {
  await scope.getByRole('combobox', { name: label, exact: true }).focus();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('the case plan', () => {
  it('the counsellor builds a plan and submits it; a supervisor approves it from the approvals list', async () => {
    const { db, web, browser } = world;
    const kase = await openCase();
    const counsellorPage = await openPage(browser, web.url + '/');
    const page = counsellorPage.page;
    await signInThroughForm(page, counsellor);
    // In the app (the session lives in memory: a page load would sign her out).
    await page.getByRole('link', { name: 'Việc cần làm' }).waitFor();
    await goInApp(page, `/cases/${kase.id}`);
    await page.getByRole('heading', { name: `Hồ sơ ${kase.reference}`, level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Kế hoạch', exact: true }).click();
    await page.getByText('Hồ sơ chưa có kế hoạch hỗ trợ.').waitFor();
    await page.getByRole('button', { name: 'Lập kế hoạch' }).click();

    // One goal (safety) with two actions: the safe house's shelter, the counsellor's counselling.
    const goal = page.getByTestId('goal-form');
    await goal.waitFor();
    await pick(page, goal, 'Lĩnh vực nhu cầu', 'An toàn');
    await goal.getByLabel('Nội dung mục tiêu').fill(GOAL);
    const first = page.getByTestId('action-form').nth(0);
    await pick(page, first, 'Dịch vụ', 'Tạm lánh');
    await pick(page, first, 'Người thực hiện', 'Cơ sở cung cấp dịch vụ');
    await pick(page, first, 'Cơ sở', providerName);
    await first.getByLabel('Hạn (yyyy-mm-dd)').fill('2026-12-20');
    await goal.getByRole('button', { name: 'Thêm hoạt động' }).click();
    const second = page.getByTestId('action-form').nth(1);
    await pick(page, second, 'Dịch vụ', 'Tư vấn, tham vấn tâm lý');
    await second.getByLabel('Hạn (yyyy-mm-dd)').fill('2026-12-15');
    await screen(page, 'counsellor-plan-draft');
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.getByTestId('plan-submitted').waitFor();
    await page.getByTestId('plan-submitted').getByText('Chờ duyệt').first().waitFor();
    await page.getByText('Tiến độ: 0/2 hoạt động đã xong').waitFor();
    await screen(page, 'counsellor-plan-submitted');

    // The supervisor, in her own browser context: the approvals list, open the plan, approve.
    const supervisorPage = await openPage(browser, web.url + '/');
    const sup = supervisorPage.page;
    await signInThroughForm(sup, supervisor);
    await sup.getByRole('link', { name: 'Duyệt kế hoạch' }).click();
    await sup.getByRole('heading', { name: 'Duyệt kế hoạch', level: 1 }).waitFor();
    const line = sup.getByTestId('plan-approval').filter({ hasText: kase.reference });
    await line.waitFor();
    await line.getByRole('button', { name: 'Mở' }).click();
    await line.getByText(GOAL).waitFor();
    await line.getByText(providerName, { exact: false }).waitFor();
    await screen(sup, 'supervisor-plan-approvals');
    await line.getByRole('button', { name: 'Duyệt' }).click();
    await sup.getByText('Không có kế hoạch nào chờ duyệt.').waitFor();

    // The counsellor sees it approved; she marks the counselling done: progress 1/2.
    await page.getByRole('tab', { name: 'Theo dõi' }).click();
    await page.getByRole('tab', { name: 'Kế hoạch', exact: true }).click();
    const approved = page.getByTestId('plan-approved').first();
    await approved.getByText('Kế hoạch đang áp dụng (phiên bản 1)').waitFor();
    await approved.getByText('Đã duyệt').first().waitFor();
    const counselling = approved.getByTestId('plan-action').filter({ hasText: 'Tư vấn, tham vấn tâm lý' });
    await pick(page, counselling, 'Trạng thái', 'Đã xong');
    await counselling.getByRole('button', { name: 'Cập nhật' }).click();
    await approved.getByText('Tiến độ: 1/2 hoạt động đã xong').waitFor();
    await screen(page, 'counsellor-plan-approved');

    const [row] = await db.query<{ status: string; decided_by: string }>(
      `SELECT status, decided_by FROM case_plans WHERE case_id = $1`,
      [kase.id],
    );
    expect(row).toEqual({ status: 'approved', decided_by: supervisor.id });
    expect([...counsellorPage.violations, ...supervisorPage.violations]).toEqual([]);
    // The plan's text is in no URL the pages asked for.
    expect([...counsellorPage.urls, ...supervisorPage.urls].join('\n')).not.toContain('an toàn');
  });
});
