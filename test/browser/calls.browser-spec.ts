import { createUser, type TestUser } from '../support/auth';
import { type Page } from './support/deps';
import { openPage, signInThroughForm } from './support/page';
import { screenAt } from './support/screens';
import { startBrowserWorld, type BrowserWorld } from './support/world';

/**
 * The call log on the operator's intake screen (issue 15, item 9), in Chromium against the real API: a
 * silent call ended with two keys (category, outcome) and listed among today's calls; a call during which
 * the intake saved a case, linked to it as "case opened". HAVEN_SCREENSHOTS=<dir> saves
 * docs/screenshots/operator-call*.png at 1366 and 360 px.
 */
let world: BrowserWorld;
let organizationId: string;

beforeAll(async () => {
  world = await startBrowserWorld();
  organizationId = (await createUser(world.api, { roles: ['hotline_operator'] })).organizationId;
});

afterAll(() => world?.close());

const operator = (): Promise<TestUser> =>
  createUser(world.api, { roles: ['hotline_operator'], organizationId });

async function signIn(page: Page, user: TestUser): Promise<void> {
  await signInThroughForm(page, user);
  await page.getByRole('heading', { name: 'Tiếp nhận cuộc gọi', level: 1 }).waitFor();
  await page.getByRole('button', { name: /Cuộc gọi im lặng/ }).waitFor();
}

/**
 * The page at 360 px (nothing wider than the phone) then at 1366 px, checked with axe at 1366, photographed
 * (the viewport) as operator-<name>-360.png and operator-<name>-1366.png when HAVEN_SCREENSHOTS is set.
 */
const shoot = (page: Page, name: string) =>
  screenAt(page, 'operator-', name, { widths: [360, 1366], fullPage: false, wideSuffix: '-1366' });

const callsOf = (user: TestUser) =>
  world.db.query<{ category: string; outcome: string; case_id: string | null; duration_seconds: number }>(
    `SELECT category, outcome, case_id, duration_seconds FROM calls WHERE operator_id = $1 ORDER BY created_at`,
    [user.id],
  );

describe('the operator’s call log', () => {
  it('logs a silent call from the intake screen with two keys, and lists it among today’s calls', async () => {
    const { web, browser } = world;
    const user = await operator();
    const { page, violations } = await openPage(browser, web.url + '/');
    await signIn(page, user);
    // The timer runs from the screen's opening.
    const timer = page.getByTestId('call-timer');
    await timer.waitFor();
    await page.waitForTimeout(1_100);
    expect(await timer.textContent()).toMatch(/^0:0[1-9]$/);
    await shoot(page, 'call');

    // Two keys: 4 (silent call), 5 (call dropped); saved at once, no case.
    await page.keyboard.press('4');
    await page.keyboard.press('5');
    await page
      .getByTestId('call-saved')
      .getByText('Đã lưu cuộc gọi: Cuộc gọi im lặng · Cuộc gọi bị ngắt')
      .waitFor();
    await page
      .getByTestId('today-calls')
      .getByText(/Cuộc gọi im lặng · Cuộc gọi bị ngắt/)
      .waitFor();
    const rows = await callsOf(user);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ category: 'silent', outcome: 'call_dropped', case_id: null });
    expect(rows[0]!.duration_seconds).toBeGreaterThanOrEqual(1);
    await shoot(page, 'call-saved');
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('links the call to the case the intake saved during it, as "case opened", with two keys', async () => {
    const { db, web, browser } = world;
    const user = await operator();
    const { page } = await openPage(browser, web.url + '/');
    await signIn(page, user);
    await page.getByRole('radio', { name: 'Nữ', exact: true }).click();
    await page.getByRole('checkbox', { name: 'Bạo lực thể chất', exact: true }).click();
    await page.keyboard.press('Alt+Digit0');
    await page.getByTestId('reference').waitFor();
    await page.getByTestId('call-linked').waitFor();
    // The outcome "case opened" is chosen already: the category (1) and Enter end the call.
    await expect(
      page.getByRole('button', { name: /Đã mở hồ sơ/ }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page
      .getByTestId('call-saved')
      .getByText(/Chia sẻ về bạo lực giới · Đã mở hồ sơ/)
      .waitFor();
    const [kase] = await db.query<{ id: string }>(`SELECT id FROM cases WHERE created_by = $1`, [user.id]);
    const rows = await callsOf(user);
    expect(rows).toEqual([
      expect.objectContaining({ category: 'gbv_disclosure', outcome: 'case_opened', case_id: kase!.id }),
    ]);
    // The intake's "new call" starts the next call's timer.
    await page.getByTestId('new-call').click();
    await page.getByTestId('call-timer').waitFor();
    await page.context().close();
  });
});
