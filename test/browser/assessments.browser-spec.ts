import { createOrganization, createUser, type TestUser } from '../support/auth';
import { type Page } from './support/deps';
import { openPage, signInThroughForm } from './support/page';
import { screenAt } from './support/screens';
import { startBrowserWorld, type BrowserWorld } from './support/world';

/**
 * The counsellor fills an assessment in Chromium against the real API: a form drawn from its definition,
 * a yes that shows further questions (and a no that hides them), required marks, a draft saved, then
 * completed and read. No CSP violation, no serious or critical axe finding, nothing wider than 360 px.
 * HAVEN_SCREENSHOTS=<dir> saves counsellor-assessment*.png (1366 and 360 px wide).
 */
const STRENGTHS = 'Chị rất thương con và muốn đi làm lại';

let world: BrowserWorld;
let counsellor: TestUser;
let supervisor: TestUser;

beforeAll(async () => {
  world = await startBrowserWorld();
  const centre = await createOrganization(world.db, { name: 'Trung tâm thử đánh giá' });
  counsellor = await createUser(world.db, { roles: ['counsellor'], organizationId: centre.id });
  supervisor = await createUser(world.db, { roles: ['supervisor'], organizationId: centre.id });
});

afterAll(() => world?.close());

/** Checked (axe) and, when asked for, photographed at 1366 and 360 px wide (nothing wider than 360). */
const screen = (page: Page, name: string) => screenAt(page, 'counsellor-', name);

/** One question of the form, by its key (the renderer marks each with data-question). */
const question = (page: Page, key: string) => page.locator(`[data-question="${key}"]`);

describe('the counsellor assesses', () => {
  it('fills a psychosocial assessment: a yes shows further questions, saves a draft, completes it', async () => {
    const { db, web, browser, req } = world;
    const c = await req<{ id: string; reference: string }>(supervisor, 'POST', '/api/v1/cases', {
      channel: 'hotline',
      survivor: { sex: 'female', fullName: 'Nguyễn Thị Đánh Giá' },
      incident: { violenceTypes: ['psychological_abuse'] },
    });
    expect(c.status).toBe(201);
    const caseId = c.body.id;
    expect(
      (await req(supervisor, 'POST', `/api/v1/cases/${caseId}/assignment`, { assigneeId: counsellor.id }))
        .status,
    ).toBe(200);
    const dueAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    expect(
      (await req(counsellor, 'POST', `/api/v1/cases/${caseId}/follow-ups`, { kind: 'call_back', dueAt }))
        .status,
    ).toBe(201);

    const { page, violations } = await openPage(browser, web.url + '/');
    await signInThroughForm(page, counsellor);
    await page.getByRole('link', { name: 'Việc cần làm' }).click();
    await page.getByRole('tab', { name: 'Tuần này (1)' }).click();
    await page.getByRole('link', { name: c.body.reference }).first().click();
    await page.getByRole('heading', { name: `Hồ sơ ${c.body.reference}`, level: 1 }).waitFor();

    // The Đánh giá tab: start from a form.
    await page.getByRole('tab', { name: 'Đánh giá' }).click();
    await page.getByText('Chưa có bản đánh giá nào.').waitFor();
    await page.getByRole('combobox', { name: 'Mẫu đánh giá' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: 'Đánh giá tâm lý – xã hội' }).click();
    await page.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
    await page.getByRole('heading', { name: 'Đánh giá tâm lý – xã hội — phiên bản 1' }).waitFor();

    // Completing an empty draft marks the required questions.
    await page.getByRole('button', { name: 'Hoàn thành' }).click();
    await page.getByText(/^Còn \d+ câu bắt buộc chưa trả lời\.$/).waitFor();
    await question(page, 'sleep').getByText('Câu này bắt buộc trước khi hoàn thành.').waitFor();

    await question(page, 'feelings').getByLabel('Sợ hãi').check();
    await question(page, 'feelings').getByLabel('Lo âu, bồn chồn').check();
    await question(page, 'distress_level').getByLabel('Mức độ căng thẳng hiện nay: 7').check();
    await question(page, 'daily_activities').getByLabel('Làm được nhưng khó khăn').check();
    await question(page, 'sleep').getByLabel('Gặp ác mộng, thức giấc').check();
    await question(page, 'days_unable_to_work').getByRole('textbox').fill('4');
    // A yes shows who she trusts.
    expect(await question(page, 'trusted_people').count()).toBe(0);
    await question(page, 'has_trusted_person').getByLabel('Có', { exact: true }).check();
    await question(page, 'trusted_people').getByLabel('Bạn bè').check();
    // Thoughts of self-harm show the risk path, with its warning.
    await question(page, 'self_harm_thoughts').getByLabel('Có', { exact: true }).check();
    await question(page, 'self_harm_plan').getByRole('alert').waitFor();
    await question(page, 'self_harm_plan').getByLabel('Không', { exact: true }).check();
    await question(page, 'self_harm_past_attempt').getByLabel('Không', { exact: true }).check();
    await question(page, 'strengths').getByRole('textbox').fill(STRENGTHS);
    await question(page, 'psychosocial_support_needed').getByLabel('Tham vấn chuyên sâu').check();
    await question(page, 'next_session_date').getByRole('textbox').fill('14/12/2026');
    await screen(page, 'assessment');

    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.getByText('Đã lưu bản nháp.').waitFor();
    const [draft] = await db.query<{ status: string; version: number; answers: Record<string, unknown> }>(
      'SELECT status, version, answers FROM assessments WHERE case_id = $1',
      [caseId],
    );
    expect(draft).toMatchObject({ status: 'draft', version: 2 });
    expect(draft!.answers).toMatchObject({
      self_harm_thoughts: true,
      distress_level: 7,
      trusted_people: ['friend'],
    });
    expect(draft!.answers).not.toHaveProperty('strengths');

    // She says no after all: the risk path hides; completing drops its answers.
    await question(page, 'self_harm_thoughts').getByLabel('Không', { exact: true }).check();
    expect(await question(page, 'self_harm_plan').count()).toBe(0);
    await page.getByRole('button', { name: 'Hoàn thành' }).click();
    await page.getByText('Đã hoàn thành bản đánh giá.').waitFor();
    await page.getByText('Bản đánh giá đã hoàn thành: chỉ xem.').waitFor();
    await question(page, 'strengths').getByText(STRENGTHS).waitFor();
    await screen(page, 'assessment-completed');
    const [done] = await db.query<{ status: string; answers: Record<string, unknown> }>(
      'SELECT status, answers FROM assessments WHERE case_id = $1',
      [caseId],
    );
    expect(done!.status).toBe('completed');
    expect(done!.answers).not.toHaveProperty('self_harm_plan');

    // The file's list: the form's history.
    await page.getByRole('button', { name: 'Đóng bản đánh giá' }).click();
    await page.getByTestId('assessment-entry').getByText('Đã hoàn thành').waitFor();
    await screen(page, 'assessment-list');
    expect(violations).toEqual([]);
  });
});
