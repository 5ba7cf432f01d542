import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, RunningApi, startApi, testEnv } from '../support/app';
import { createUser, MANY_SIGN_INS, totpCode, type TestUser } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { CHROMIUM, CHROMIUM_ARGS, playwright, type Browser, type Page } from './support/deps';
import { openPage, seriousAxeViolations, signInThroughForm } from './support/page';
import { startWebServer, type WebServer } from './support/web-server';

/**
 * The web application in Chromium, served by the API process from dist/web under its strict CSP, talking
 * to the real API (second factor required, as in production). HAVEN_SCREENSHOTS=<dir> also saves the
 * screens at 1366×768 and 360 px wide.
 */
// Globals of the page, for the callbacks that run in Chromium (the root compiles without the DOM library).
type Closest = { closest(selector: string): unknown };
declare const history: { length: number };
declare const indexedDB: { databases(): Promise<unknown[]> };
declare const document: {
  cookie: string;
  documentElement: { scrollWidth: number };
  addEventListener(
    type: 'securitypolicyviolation',
    listener: (e: { violatedDirective: string; blockedURI: string }) => void,
  ): void;
};

const NEUTRAL = 'https://www.google.com/';
const SHOTS = process.env.HAVEN_SCREENSHOTS;

let db: TestDatabase;
let api: RunningApi;
let web: WebServer;
let browser: Browser;
let organizationId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startApi(testEnv(db.url, { AUTH_MFA_REQUIRED: 'true', ...MANY_SIGN_INS }));
  web = await startWebServer(api.url);
  browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  organizationId = (await createUser(api, { roles: ['hotline_operator'] })).organizationId;
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await api?.close();
  await db?.drop();
});

interface Opened {
  page: Page;
  /** Content-Security-Policy violations the page reported (console and securitypolicyviolation events). */
  violations: string[];
  /** Bearer tokens the page sent. */
  tokens: Set<string>;
}

async function open(path = '/', viewport = { width: 1366, height: 768 }): Promise<Opened> {
  const tokens = new Set<string>();
  const opened = await openPage(browser, web.url + path, {
    viewport,
    prepare: async (page) => {
      page.on('request', (r) => {
        const auth = r.headers()['authorization'];
        if (auth?.startsWith('Bearer ')) tokens.add(auth.slice(7));
      });
      await page.route(`${NEUTRAL}**`, (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: '<title>Neutral</title><p>neutral</p>',
        }),
      );
    },
  });
  return { page: opened.page, violations: opened.violations, tokens };
}

async function operator(): Promise<TestUser> {
  return createUser(api, { roles: ['hotline_operator'], organizationId, mfa: true });
}

async function signIn(page: Page, user: TestUser): Promise<void> {
  await signInThroughForm(page, user);
}

/** axe-core: no serious or critical violation on what is on screen. */
async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

async function shoot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(SHOTS, `${name}-1366.png`) });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(SHOTS, `${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 768 });
}

async function nothingStored(
  page: Page,
): Promise<{ local: number; session: number; cookies: number; idb: number }> {
  return page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookies: document.cookie.length,
    idb: (await indexedDB.databases()).length,
  }));
}

describe('web application', () => {
  it('enrols the second factor with a QR code, then signs in with codes; no CSP violation; accessible', async () => {
    const user = await createUser(api, { roles: ['hotline_operator'], organizationId });
    const { page, violations } = await open('/');
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await expectAccessible(page);
    await shoot(page, 'login');

    await signIn(page, user);
    await page.getByRole('heading', { name: 'Thiết lập xác thực hai lớp' }).waitFor();
    await page.getByRole('button', { name: 'Bắt đầu thiết lập' }).click();
    await page.getByRole('img', { name: 'Mã QR để quét bằng ứng dụng xác thực' }).waitFor();
    const secret = ((await page.locator('code').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expectAccessible(page);
    await shoot(page, 'mfa-setup');
    await page.getByLabel('Mã xác thực 6 số').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByRole('heading', { name: 'Tiếp nhận cuộc gọi', level: 1 }).waitFor();
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('takes a call: enough with channel, sex and one violence type; one case for a retry and a double click; new call clears', async () => {
    const user = await operator();
    const { page, violations } = await open('/');
    await signIn(page, user);
    await page.getByRole('heading', { name: 'Tiếp nhận cuộc gọi', level: 1 }).waitFor();
    await page.getByRole('radio', { name: 'Đường dây nóng' }).waitFor();
    await expectAccessible(page);
    await shoot(page, 'hotline');
    // Usable on a 360 px phone: nothing wider than the screen.
    await page.setViewportSize({ width: 360, height: 740 });
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1366, height: 768 });

    // The commune picker finds Ba Đình without diacritics.
    await page.getByRole('combobox', { name: 'Xã, phường (Hà Nội)' }).fill('ba dinh');
    await page.getByRole('option', { name: 'Phường Ba Đình' }).click();

    await page.getByRole('radio', { name: 'Nữ', exact: true }).check();
    await page.getByLabel('Họ và tên').fill('Lê Thị Gọi');
    // Leaving the screen mid-call loses nothing typed.
    await page.getByTestId('bell').click();
    await page.getByRole('heading', { name: 'Thông báo', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Tiếp nhận cuộc gọi' }).click();
    await expect(page.getByLabel('Họ và tên').inputValue()).resolves.toBe('Lê Thị Gọi');
    await expect(page.getByRole('radio', { name: 'Nữ', exact: true }).isChecked()).resolves.toBe(true);
    await page.getByRole('checkbox', { name: 'Bạo lực thể chất' }).check();
    await page.getByRole('checkbox', { name: /đe dọa giết/ }).check();
    await expect(page.getByTestId('risk-level').textContent()).resolves.toContain('Trung bình');

    const before = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases');
    // The first answer is lost on the way back (the case was made); the retry carries the same
    // Idempotency-Key, and a double click sends nothing more.
    let lost = false;
    await page.route('**/api/v1/cases', async (route) => {
      if (route.request().method() !== 'POST' || lost) return route.fallback();
      lost = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByTestId('save-case').click();
    await page.getByRole('alert').filter({ hasText: 'Đã có lỗi' }).waitFor();
    await page.getByTestId('save-case').dblclick();
    const reference = (await page.getByTestId('reference').textContent()) ?? '';
    expect(reference).toMatch(/^[A-Z]+-\d{4}-\d+$/);
    const after = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases');
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n) + 1);
    await expect(page.locator('#recent-title + table').textContent()).resolves.toContain(reference);
    await shoot(page, 'hotline-saved');

    await page.getByTestId('new-call').click();
    await expect(page.getByTestId('reference').count()).resolves.toBe(0);
    await expect(page.getByRole('radio', { name: 'Nữ', exact: true }).isChecked()).resolves.toBe(false);
    await expect(page.getByRole('checkbox', { name: 'Bạo lực thể chất' }).isChecked()).resolves.toBe(false);
    await expect(page.getByLabel('Họ và tên').inputValue()).resolves.toBe('');
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('switches to English, remembers it, and stores nothing but the language', async () => {
    const user = await operator();
    const { page, violations } = await open('/');
    await page.getByTestId('language-switch').getByText('EN').click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username').fill(user.username);
    await page.locator('input[type=password]').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('6-digit code').fill(totpCode(user.totpSecret!));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Take a call', level: 1 }).waitFor();
    // Catalogue values from the API, in English.
    await page.getByRole('radio', { name: 'Hotline' }).waitFor();
    await expect(page.evaluate(() => Object.keys(localStorage))).resolves.toEqual(['haven.lang']);
    await expect(nothingStored(page)).resolves.toMatchObject({ session: 0, cookies: 0, idb: 0 });
    await expect(page.title()).resolves.toBe('Haven');
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('quick exit by Escape twice: the session ends, history does not grow, nothing is left stored', async () => {
    const user = await operator();
    const { page, violations, tokens } = await open('/');
    const historyAtStart = await page.evaluate(() => history.length);
    await page.getByTestId('language-switch').getByText('EN').click();
    await page.getByTestId('language-switch').getByText('VI').click();
    await signIn(page, user);
    await page.getByRole('heading', { name: 'Tiếp nhận cuộc gọi', level: 1 }).waitFor();
    await page.getByTestId('bell').click();
    await page.getByRole('heading', { name: 'Thông báo', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Tiếp nhận cuộc gọi' }).click();
    await page.getByRole('heading', { name: 'Tiếp nhận cuộc gọi', level: 1 }).waitFor();
    await page.getByLabel('Họ và tên').fill('Nguyễn Thị Thử');
    // The refresh token is in an HttpOnly cookie on the auth routes only: no script sees it.
    const [refresh] = (await page.context().cookies()).filter((c) => c.name === 'haven_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
    await expect(page.evaluate(() => document.cookie)).resolves.toBe('');
    await expect(page.evaluate(() => Object.keys(localStorage))).resolves.toEqual(['haven.lang']);
    await expect(page.evaluate(() => sessionStorage.length)).resolves.toBe(0);

    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL(NEUTRAL);
    // The beacon ended the session of the cookie: the server refuses it from now on.
    await eventually(
      () =>
        db.query<{ revoked_reason: string | null }>(
          `SELECT s.revoked_reason FROM sessions s JOIN refresh_tokens rt ON rt.session_id = s.id
            WHERE rt.token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
          [refresh!.value],
        ),
      (rows) => rows[0]?.revoked_reason === 'logout',
      { what: 'the beacon to end the session' },
    );
    const refused = await fetch(`${api.url}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { cookie: `haven_refresh=${refresh!.value}`, 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: refresh!.value }),
    });
    expect(refused.status).toBe(401);
    await expect(page.evaluate(() => history.length)).resolves.toBe(historyAtStart);
    expect(tokens.size).toBeGreaterThan(0);
    for (const token of tokens) {
      await eventually(
        () => fetch(`${api.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } }),
        (r) => r.status === 401,
        { what: 'the session to end' },
      );
    }
    // The beacon's answer cleared the cookie too.
    await eventually(
      () => page.context().storageState(),
      (st) => st.cookies.length === 0,
      { what: 'the refresh cookie to be cleared' },
    );
    const state = await page.context().storageState();
    expect(state.cookies).toEqual([]);
    expect(state.origins.filter((o) => o.localStorage.length > 0)).toEqual([]);
    const again = await page.context().newPage();
    await again.goto(web.url + '/');
    await expect(nothingStored(again)).resolves.toEqual({ local: 0, session: 0, cookies: 0, idb: 0 });
    await expect(again.getByLabel('Họ và tên').count()).resolves.toBe(0);
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('refreshes by the cookie and the in-memory CSRF token when the access token is refused', async () => {
    const user = await operator();
    const { page, violations } = await open('/');
    await signIn(page, user);
    await page.getByRole('heading', { name: 'Tiếp nhận cuộc gọi', level: 1 }).waitFor();
    const cookie = async () =>
      (await page.context().cookies()).find((c) => c.name === 'haven_refresh')?.value;
    const before = await cookie();
    // The notifications list is answered 401 once, as if the access token had expired.
    let refused = false;
    await page.route('**/api/v1/notifications?*', async (route) => {
      if (refused) return route.fallback();
      refused = true;
      await route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: '{"code":"UNAUTHENTICATED"}',
      });
    });
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh'));
    await page.getByTestId('bell').click();
    const answer = await refreshed;
    expect(answer.status()).toBe(200);
    expect(answer.request().headers()['x-csrf-token']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(answer.request().postData()).toBe('{}');
    expect(((await answer.json()) as { refreshToken?: string }).refreshToken).toBeUndefined();
    await page.getByRole('heading', { name: 'Thông báo', level: 1 }).waitFor();
    expect(refused).toBe(true);
    // The cookie was rotated; still nothing a script can read.
    expect(await cookie()).not.toBe(before);
    await expect(page.evaluate(() => document.cookie)).resolves.toBe('');
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('quick exit by its button from the sign-in page', async () => {
    const { page } = await open('/');
    const historyAtStart = await page.evaluate(() => history.length);
    await page.getByRole('button', { name: 'Thoát nhanh' }).click();
    await page.waitForURL(NEUTRAL);
    await expect(page.evaluate(() => history.length)).resolves.toBe(historyAtStart);
    await page.context().close();
  });

  it('Escape closes an open menu instead of leaving', async () => {
    const user = await operator();
    const { page } = await open('/');
    await signIn(page, user);
    await page.getByRole('heading', { name: 'Tiếp nhận cuộc gọi', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Tài khoản' }).click();
    await page.getByRole('menu').waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    expect(page.url()).toBe(`${web.url}/hotline`);
    await page.context().close();
  });

  it('notifications: the bell counts the unread ones; mark one read, then all', async () => {
    const user = await operator();
    for (const reference of ['HN-2026-000101', 'HN-2026-000102', 'HN-2026-000103']) {
      await db.query(
        `INSERT INTO notifications (recipient_id, type, reference, title) VALUES ($1, 'case_assigned', $2, $3)`,
        [user.id, reference, `Bạn được giao ca ${reference}`],
      );
    }
    const { page, violations } = await open('/');
    await signIn(page, user);
    await page.getByRole('link', { name: 'Thông báo, 3 chưa đọc' }).click();
    await page.getByRole('heading', { name: 'Thông báo', level: 1 }).waitFor();
    await page.getByText('HN-2026-000103').waitFor();
    // The type's label comes from the API's catalogue.
    await expect(page.getByText('Được giao ca').count()).resolves.toBe(3);
    await expectAccessible(page);
    await shoot(page, 'notifications');
    await page.getByRole('button', { name: 'Đánh dấu đã đọc' }).first().click();
    await page.getByRole('link', { name: 'Thông báo, 2 chưa đọc' }).waitFor();
    await page.getByRole('button', { name: 'Đánh dấu tất cả đã đọc' }).click();
    await page.getByRole('link', { name: 'Thông báo, 0 chưa đọc' }).waitFor();
    const unread = await db.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM notifications WHERE recipient_id = $1 AND read_at IS NULL',
      [user.id],
    );
    expect(unread[0]!.n).toBe('0');
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('locks after 10 idle minutes, asks for the password and code again, and keeps the draft underneath', async () => {
    const user = await operator();
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.clock.install();
    await page.goto(web.url + '/');
    await signIn(page, user);
    await page.getByRole('heading', { name: 'Tiếp nhận cuộc gọi', level: 1 }).waitFor();
    await page.getByLabel('Họ và tên').fill('Trần Thị Nháp');
    await page.clock.fastForward('09:00');
    await expect(page.getByTestId('idle-lock').count()).resolves.toBe(0);
    await page.clock.fastForward('01:01');
    await page.getByRole('dialog', { name: 'Màn hình đã khóa' }).waitFor();
    // The page underneath cannot be reached while locked.
    const inert = (testId: string) =>
      page.getByTestId(testId).evaluate((el) => (el as unknown as Closest).closest('[inert]') !== null);
    await expect(inert('bell')).resolves.toBe(true);
    await expect(
      page.getByLabel('Họ và tên').evaluate((el) => (el as unknown as Closest).closest('[inert]') !== null),
    ).resolves.toBe(true);
    await expectAccessible(page);
    await shoot(page, 'idle-lock');
    await page.getByTestId('idle-lock').locator('input[type=password]').fill(user.password);
    await page.getByTestId('idle-lock').getByLabel('Mã xác thực 6 số').fill(totpCode(user.totpSecret!, 1));
    const sessions = () =>
      db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [user.id]);
    const before = await sessions();
    await page.getByRole('button', { name: 'Mở khóa' }).click();
    await page.getByTestId('idle-lock').waitFor({ state: 'detached' });
    // Re-authenticated in the same session (POST /auth/reauthenticate): no second session was opened.
    await expect(sessions()).resolves.toEqual(before);
    const reauthenticated = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE actor_id = $1 AND action = 'auth.reauthenticated'`,
      [user.id],
    );
    expect(reauthenticated[0]!.n).toBe(1);
    await expect(page.getByLabel('Họ và tên').inputValue()).resolves.toBe('Trần Thị Nháp');
    await context.close();
  });

  it('changes the password, then signs out: the session ends and the sign-in page is back', async () => {
    const user = await operator();
    const { page, tokens, violations } = await open('/');
    await signIn(page, user);
    await page.getByRole('heading', { name: 'Tiếp nhận cuộc gọi', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Tài khoản' }).click();
    await page.getByRole('menuitem', { name: 'Đổi mật khẩu' }).click();
    await page.getByRole('heading', { name: 'Đổi mật khẩu' }).waitFor();
    await page.getByRole('menu').waitFor({ state: 'detached' });
    await expectAccessible(page);
    await shoot(page, 'password');
    const fresh = 'Một-mật-khẩu-mới-khá-dài-2026!';
    await page.getByLabel('Mật khẩu hiện tại').fill(user.password);
    await page.getByLabel('Mật khẩu mới', { exact: false }).first().fill(fresh);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(fresh);
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã đổi mật khẩu' }).waitFor();

    await page.getByRole('button', { name: 'Tài khoản' }).click();
    await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    expect(page.url()).toBe(`${web.url}/`);
    for (const token of tokens) {
      await eventually(
        () => fetch(`${api.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } }),
        (r) => r.status === 401,
        { what: 'the session to end' },
      );
    }
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
