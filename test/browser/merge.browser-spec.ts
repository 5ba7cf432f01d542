import { createOrganization, createUser, type TestUser } from '../support/auth';
import { type Page } from './support/deps';
import { goInApp, openPage, signInThroughForm } from './support/page';
import { screenAt } from './support/screens';
import { startBrowserWorld, type BrowserWorld } from './support/world';

/**
 * Duplicates resolved (issue 15, item 10) in Chromium: the operator links the case she just saved to the
 * earlier case the intake found; the supervisor merges a duplicate into a case from its file (side by side,
 * confirmed), sees the merged case answer "merged into", and undoes it. HAVEN_SCREENSHOTS=<dir> saves
 * operator-duplicate-link*.png and supervisor-merge*.png at 1366 and 360 px.
 */
let world: BrowserWorld;
let operator: TestUser;
let supervisor: TestUser;

beforeAll(async () => {
  world = await startBrowserWorld();
  const centre = await createOrganization(world.db, { name: 'Trung tâm gộp thử' });
  operator = await createUser(world.db, { roles: ['hotline_operator'], organizationId: centre.id });
  supervisor = await createUser(world.db, { roles: ['supervisor'], organizationId: centre.id });
});

afterAll(() => world?.close());

async function openCase(fullName: string, phone: string): Promise<{ id: string; reference: string }> {
  const c = await world.req<{ id: string; reference: string }>(supervisor, 'POST', '/api/v1/cases', {
    channel: 'hotline',
    survivor: { sex: 'female', fullName, phones: [phone] },
    incident: { violenceTypes: ['physical_assault'] },
  });
  expect(c.status).toBe(201);
  return c.body;
}

/** Photographed at 1366 and 360 px (nothing wider than the phone), and checked with axe. */
const screen = (page: Page, name: string) => screenAt(page, '', name);

describe('duplicates resolved', () => {
  it('the operator links the new case to the earlier one the intake found', async () => {
    const { db, web, browser } = world;
    const earlier = await openCase('Đỗ Thị Trùng', '+84966111333');
    const { page, violations } = await openPage(browser, web.url + '/');
    await signInThroughForm(page, operator);
    await page.getByRole('heading', { name: 'Tiếp nhận cuộc gọi', level: 1 }).waitFor();
    await page.getByRole('radio', { name: 'Nữ', exact: true }).click();
    await page.getByTestId('survivor-phone').pressSequentially('0966 111 333');
    await page.getByRole('checkbox', { name: 'Bạo lực thể chất' }).click();
    await page.keyboard.press('Alt+Digit0');
    const links = page.getByTestId('duplicate-links');
    await links.getByText(earlier.reference).waitFor();
    await screen(page, 'operator-duplicate-link');
    await links.getByRole('button', { name: 'Liên kết với hồ sơ này' }).click();
    await links.getByText('Đã liên kết').waitFor();
    await screen(page, 'operator-duplicate-link-done');
    const rows = await db.query(`SELECT 1 FROM case_links WHERE linked_case_id = $1`, [earlier.id]);
    expect(rows).toHaveLength(1);
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('the supervisor merges a duplicate into a case, follows the merged reference, and undoes the merge', async () => {
    const { db, web, browser } = world;
    const kept = await openCase('Vũ Thị Giữ', '+84977222444');
    const dup = await openCase('Vũ Thị Giữ', '+84977222444');
    const { page, violations } = await openPage(browser, web.url + '/');
    await signInThroughForm(page, supervisor);
    await page.getByRole('link', { name: /Tìm/ }).first().waitFor();
    await goInApp(page, `/cases/${kept.id}`);
    await page.getByRole('heading', { name: `Hồ sơ ${kept.reference}`, level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Liên kết và gộp' }).click();
    await page.getByTestId('merge-reference').fill(dup.reference);
    await page.getByRole('button', { name: 'Tìm hồ sơ' }).click();
    await page.getByTestId(`side-${dup.reference}`).waitFor();
    await screen(page, 'supervisor-merge');
    await page.getByTestId('merge-confirm').click();
    const row = page.getByTestId('merge-row');
    await row.getByRole('button', { name: 'Hoàn tác' }).waitFor();
    await page.getByTestId(`side-${dup.reference}`).waitFor({ state: 'detached' });
    await screen(page, 'supervisor-merge-done');
    await goInApp(page, `/cases/${dup.id}`);
    await page.getByTestId('merged-into').getByText(`Đã gộp vào ${kept.reference}`).waitFor();
    await screen(page, 'supervisor-merge-merged');
    await page.getByRole('link', { name: `Mở hồ sơ ${kept.reference}` }).click();
    await page.getByRole('heading', { name: `Hồ sơ ${kept.reference}`, level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Liên kết và gộp' }).click();
    await page.getByTestId('merge-row').getByRole('button', { name: 'Hoàn tác' }).click();
    await page.getByText(/^Đã hoàn tác lúc/).waitFor();
    const [m] = await db.query<{ undone_at: Date | null }>(
      `SELECT undone_at FROM case_merges WHERE merged_case_id = $1`,
      [dup.id],
    );
    expect(m?.undone_at).not.toBeNull();
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
