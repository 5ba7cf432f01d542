import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RunningApi, startApi, testEnv } from '../support/app';
import { call, createUser, MANY_SIGN_INS, signInAs, type TestUser } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { CHROMIUM, CHROMIUM_ARGS, playwright, type Browser, type Page } from './support/deps';
import { openPage, seriousAxeViolations, signInThroughForm } from './support/page';
import { startWebServer, type WebServer } from './support/web-server';

/**
 * The hotline operator's screen in Chromium (strict CSP, real API, second factor): the minimum case by
 * counted key presses and clicks, the duplicate check while typing, a high-risk intake with the emergency
 * referral, and a personal-data marker that must surface in no URL, title, storage, cookie or cached
 * answer. HAVEN_SCREENSHOTS=<dir> saves docs/screenshots/operator-*.png.
 */
declare const indexedDB: { databases(): Promise<{ name?: string }[]> };
declare const document: {
  title: string;
  cookie: string;
  addEventListener(
    type: 'securitypolicyviolation',
    listener: (e: { violatedDirective: string; blockedURI: string }) => void,
  ): void;
};

const SHOTS = process.env.HAVEN_SCREENSHOTS;
const HIGH = 'Cao';

let db: TestDatabase;
let api: RunningApi;
let web: WebServer;
let browser: Browser;
let organizationId: string;
let safeHouseId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startApi(testEnv(db.url, { AUTH_MFA_REQUIRED: 'true', ...MANY_SIGN_INS }));
  web = await startWebServer(api.url);
  browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const first = await createUser(api, { roles: ['hotline_operator'] });
  organizationId = first.organizationId;
  // A safe house serving Ba Đình (00004), three beds, none taken.
  const [house] = await db.query<{ id: string }>(
    `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, capacity,
                            created_by)
     VALUES ('Nhà tạm lánh Bình An', 'safe_house', $1, '01', '00004', '{shelter}', 3, $2) RETURNING id`,
    [organizationId, first.id],
  );
  safeHouseId = house!.id;
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
  violations: string[];
}

async function open(): Promise<Opened> {
  const { page, violations } = await openPage(browser, web.url + '/');
  return { page, violations };
}

const operator = (): Promise<TestUser> =>
  createUser(api, { roles: ['hotline_operator'], organizationId, mfa: true });

async function signIn(page: Page, user: TestUser): Promise<void> {
  await signInThroughForm(page, user);
  await page.getByRole('heading', { name: 'Tiếp nhận cuộc gọi', level: 1 }).waitFor();
  await page.getByRole('radio', { name: 'Đường dây nóng' }).waitFor();
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

/** A screenshot of one part of the screen (small PNGs), when HAVEN_SCREENSHOTS is set. */
async function shoot(page: Page, name: string, testId?: string): Promise<void> {
  if (!SHOTS) return;
  await page.waitForTimeout(200);
  const path = join(SHOTS, `operator-${name}.png`);
  if (testId) await page.getByTestId(testId).screenshot({ path });
  else await page.screenshot({ path });
}

const countCases = async (): Promise<number> =>
  Number((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases'))[0]!.n);

describe('the hotline operator', () => {
  it('signs in with TOTP and saves a minimum case in at most 15 key presses and clicks from the empty form', async () => {
    const user = await operator();
    const { page, violations } = await open();
    await signIn(page, user);
    await expectAccessible(page);
    const before = await countCases();
    // Every key press and click from the empty form is counted.
    let actions = 0;
    const click = async (role: 'radio' | 'checkbox', name: string) => {
      actions += 1;
      await page.getByRole(role, { name, exact: true }).click();
    };
    const press = async (key: string) => {
      actions += 1;
      await page.keyboard.press(key);
    };
    // The channel is already "hotline": sex, one violence type, Alt+0 saves.
    await click('radio', 'Nữ');
    await click('checkbox', 'Bạo lực thể chất');
    await press('Alt+Digit0');
    const reference = (await page.getByTestId('reference').textContent()) ?? '';
    expect(reference).toMatch(/^[A-Z]+-\d{4}-\d+$/);
    expect(actions).toBeLessThanOrEqual(15);
    expect(await countCases()).toBe(before + 1);
    // The operator's own cases of the last 24 hours list it.
    await page.locator('#recent-title + table').getByText(reference).waitFor();
    await expectAccessible(page);
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('a high risk intake with an emergency referral: duplicates found while typing, the house chosen, sent on save', async () => {
    const user = await operator();
    // An earlier case of the organisation with the survivor's phone.
    // An earlier case, opened by another operator of the organisation.
    const colleague = await operator();
    const earlier = await call<{ reference: string }>(api, 'POST', '/api/v1/cases', {
      token: (await signInAs(api, colleague)).accessToken,
      body: {
        channel: 'hotline',
        survivor: { sex: 'female', phones: ['+84966111222'] },
        incident: { violenceTypes: ['physical_assault'] },
      },
    });
    expect(earlier.status).toBe(201);
    const checks = async () =>
      Number(
        (
          await db.query<{ n: string }>(
            `SELECT count(*)::text AS n FROM audit_events WHERE action = 'case.duplicate_check' AND actor_id = $1`,
            [user.id],
          )
        )[0]!.n,
      );

    const { page, violations } = await open();
    await signIn(page, user);
    await page.getByRole('radio', { name: 'Nữ', exact: true }).click();
    // Typed key by key in another format: only the complete number is checked, once.
    await page.getByTestId('survivor-phone').pressSequentially('0966 111 222');
    await page.getByTestId('duplicates').getByText(earlier.body.reference).waitFor();
    await expect(page.getByTestId('duplicates').textContent()).resolves.toContain('Tiếp nhận');
    expect(await checks()).toBe(1);
    await shoot(page, 'duplicate', 'duplicates');

    await page.getByRole('combobox', { name: 'Xã, phường (Hà Nội)' }).fill('ba dinh');
    await page.getByRole('option', { name: 'Phường Ba Đình' }).click();
    await page.getByRole('checkbox', { name: 'Bạo lực thể chất' }).click();
    await expect(page.getByTestId('high-risk').count()).resolves.toBe(0);
    await page.getByRole('checkbox', { name: /đã đe dọa giết/ }).click();
    await page.getByRole('checkbox', { name: /có vũ khí/ }).click();
    await expect(page.getByTestId('risk-level').textContent()).resolves.toContain(HIGH);
    const block = page.getByTestId('high-risk');
    await block.getByText('Giám sát viên được báo ngay.').waitFor();
    await block.getByText('Còn 3 chỗ trống').waitFor();
    await block.getByRole('radio', { name: /Nhà tạm lánh Bình An/ }).click();
    await block
      .getByTestId('override-reason')
      .fill('Người gây bạo lực đang ở nhà và đe dọa giết, cần tạm lánh ngay trong đêm');
    await block.getByText('Chuyển gửi khẩn cấp sẽ được gửi ngay khi lưu ca.').waitFor();
    await expectAccessible(page);
    await shoot(page, 'high-risk', 'high-risk');
    await page.getByTestId('survivor-phone').scrollIntoViewIfNeeded();
    await shoot(page, 'hotline');
    if (SHOTS) {
      await page.setViewportSize({ width: 360, height: 740 });
      await shoot(page, 'high-risk-360', 'high-risk');
      await page.setViewportSize({ width: 1366, height: 768 });
    }

    await page.keyboard.press('Alt+Digit0');
    const reference = (await page.getByTestId('reference').textContent()) ?? '';
    await page.getByTestId('referral-sent').waitFor();
    const [referral] = await db.query<{ urgency: string; emergency_override: boolean; provider_id: string }>(
      `SELECT r.urgency, r.emergency_override, r.provider_id FROM referrals r JOIN cases c ON c.id = r.case_id
        WHERE c.reference = $1`,
      [reference],
    );
    expect(referral).toEqual({ urgency: 'emergency', emergency_override: true, provider_id: safeHouseId });
    await expect(page.getByTestId('created').textContent()).resolves.toContain(earlier.body.reference);
    await expectAccessible(page);
    await shoot(page, 'saved', 'created');
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('a personal-data marker typed into the intake is found in no URL, title, storage, cookie or cached answer', async () => {
    const MARK = {
      name: 'Markerhoa Trần Thị',
      phone: '0988 765 432',
      codeWord: 'markercodeword',
      safeTimes: 'markersafetimes sau 21 giờ',
      note: 'markernote riêng tư',
    };
    // The phone in every form it could travel in.
    const markers = [
      MARK.name,
      'Markerhoa',
      MARK.codeWord,
      'markersafetimes',
      'markernote',
      '988765432',
      '988%20765',
    ];
    const user = await operator();
    const { page, violations } = await open();
    const urls: string[] = [page.url()];
    const titles: string[] = [];
    const pending: Promise<void>[] = [];
    const withMarker: { url: string; cacheControl: string }[] = [];
    const cacheable: string[] = [];
    page.on('framenavigated', (f) => urls.push(f.url()));
    page.on('request', (r) => urls.push(r.url()));
    page.on('response', (r) => {
      if (!new URL(r.url()).pathname.startsWith('/api/')) return;
      const cacheControl = r.headers()['cache-control'] ?? '';
      if (!cacheControl.includes('no-store')) cacheable.push(r.url());
      pending.push(
        r.text().then(
          (body) => {
            if (markers.some((m) => body.includes(m))) withMarker.push({ url: r.url(), cacheControl });
          },
          () => undefined,
        ),
      );
    });
    const title = async () => {
      titles.push(await page.title());
    };

    await signIn(page, user);
    await title();
    await page.getByRole('radio', { name: 'Nữ', exact: true }).click();
    await page.getByLabel('Họ và tên').fill(MARK.name);
    await page.getByTestId('survivor-phone').pressSequentially(MARK.phone);
    await page.getByLabel('Thời gian an toàn để liên lạc').fill(MARK.safeTimes);
    await page.getByLabel('Mật mã').fill(MARK.codeWord);
    await page.getByRole('checkbox', { name: 'Bạo lực thể chất' }).click();
    await page.getByLabel('Ghi chú').fill(MARK.note);
    await title();
    // Away to the notifications mid-call and back: the draft is in memory, nowhere else.
    await page.getByTestId('bell').click();
    await page.getByRole('heading', { name: 'Thông báo', level: 1 }).waitFor();
    await expectAccessible(page);
    await title();
    await page.getByRole('link', { name: 'Tiếp nhận cuộc gọi' }).click();
    await expect(page.getByLabel('Họ và tên').inputValue()).resolves.toBe(MARK.name);
    await page.keyboard.press('Alt+Digit0');
    const reference = (await page.getByTestId('reference').textContent()) ?? '';
    await title();
    await page.getByTestId('bell').click();
    await page.getByRole('heading', { name: 'Thông báo', level: 1 }).waitFor();
    await title();
    await page.getByRole('link', { name: 'Tiếp nhận cuộc gọi' }).click();
    await page.getByTestId('new-call').click();
    await title();

    // The case holds the marker (encrypted): the walk did carry it to the API.
    const [made] = await db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM cases c JOIN survivors s ON s.case_id = c.id
        WHERE c.reference = $1 AND s.full_name_enc IS NOT NULL`,
      [reference],
    );
    expect(made!.n).toBe('1');

    await Promise.all(pending);
    const stored = await page.evaluate(async () => {
      const all = (s: { length: number; key(i: number): string | null; getItem(k: string): string | null }) =>
        Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i) ?? '')}`);
      return {
        local: all(localStorage),
        session: all(sessionStorage),
        idb: (await indexedDB.databases()).map((d) => d.name ?? ''),
        cookie: document.cookie,
      };
    });
    const cookies = await page.context().cookies();
    const seen = JSON.stringify({ urls, titles, stored, cookies });
    for (const m of markers) expect(seen).not.toContain(m);
    expect(urls.length).toBeGreaterThan(10);
    expect(new Set(titles)).toEqual(new Set(['Haven']));
    expect(stored.session).toEqual([]);
    expect(stored.idb).toEqual([]);
    // Every API answer is no-store, so none is kept in the HTTP cache; those carrying the marker above all.
    expect(cacheable).toEqual([]);
    expect(withMarker.filter((r) => !r.cacheControl.includes('no-store'))).toEqual([]);
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
