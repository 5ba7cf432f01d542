import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { RunningApi, startApi, testEnv } from '../support/app';
import {
  call,
  createOrganization,
  createUser,
  MANY_SIGN_INS,
  tokenCache,
  type TestOrganization,
  type TestUser,
} from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { CHROMIUM, CHROMIUM_ARGS, playwright, type Browser, type Page } from './support/deps';
import { openPage, openTab, pickOption, seriousAxeViolations, signInThroughForm } from './support/page';
import { startWebServer, type WebServer } from './support/web-server';

/**
 * The counsellor's screens in Chromium against the real API: the worklist, the case file's tabs (a
 * version conflict resolved by choosing), consent, referral, follow-ups, closure request and search.
 * Every screen visited: no CSP violation, no serious or critical axe finding. HAVEN_SCREENSHOTS=<dir>
 * saves them as counsellor-*.png.
 */
declare const document: {
  documentElement: { scrollWidth: number };
  activeElement: { getAttribute(n: string): string | null } | null;
  addEventListener(
    type: 'securitypolicyviolation',
    listener: (e: { violatedDirective: string; blockedURI: string }) => void,
  ): void;
};

const SHOTS = process.env.HAVEN_SCREENSHOTS;
const SURVIVOR = 'Trần Thị Ban Đầu';

let db: TestDatabase;
let api: RunningApi;
let web: WebServer;
let browser: Browser;
let tokenOf: (u: TestUser) => Promise<string>;
let centre: TestOrganization;
let counsellor: TestUser;
let supervisor: TestUser;
let providerName: string;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
  web = await startWebServer(api.url);
  browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  tokenOf = tokenCache(api);
  centre = await createOrganization(db, { name: 'Trung tâm thử' });
  const safeOrg = await createOrganization(db, { name: 'Nhà tạm lánh thử', type: 'safe_house' });
  counsellor = await createUser(db, { roles: ['counsellor'], organizationId: centre.id });
  supervisor = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
  providerName = `Nhà tạm lánh Bình An ${randomUUID().slice(0, 4)}`;
  await db.query(
    `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, capacity,
                            accepting_referrals, created_by)
     VALUES ($1, 'safe_house', $2, '01', '00004', '{shelter,psychological_counselling}', 5, true, $3)`,
    [providerName, safeOrg.id, supervisor.id],
  );
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await api?.close();
  await db?.drop();
});

const req = async <T = Record<string, unknown>>(
  user: TestUser,
  method: string,
  path: string,
  body?: unknown,
) => call<T>(api, method, path, { token: await tokenOf(user), body });

/** A case of the centre assigned to the counsellor, with safe-contact rules. */
async function openCase(): Promise<{ id: string; reference: string }> {
  const c = await req<{ id: string; reference: string }>(supervisor, 'POST', '/api/v1/cases', {
    channel: 'hotline',
    survivor: {
      sex: 'female',
      fullName: SURVIVOR,
      phones: ['0912 345 678'],
      birthYear: 1990,
      safeContact: {
        canCall: true,
        canText: false,
        canLeaveMessage: false,
        phoneSharedWithPerpetrator: true,
        safeTimes: '9:00–11:00 sáng',
        codeWord: 'hoa sen',
      },
    },
    incident: { violenceTypes: ['physical_assault'] },
  });
  expect(c.status).toBe(201);
  const a = await req(supervisor, 'POST', `/api/v1/cases/${c.body.id}/assignment`, {
    assigneeId: counsellor.id,
  });
  expect(a.status).toBe(200);
  return c.body;
}

async function followUp(caseId: string, kind: string, inDays: number): Promise<string> {
  const dueAt = new Date(Date.now() + inDays * 86_400_000).toISOString();
  const f = await req<{ id: string }>(counsellor, 'POST', `/api/v1/cases/${caseId}/follow-ups`, {
    kind,
    dueAt,
  });
  expect(f.status).toBe(201);
  return f.body.id;
}

/** dd/MM/yyyy of a day from now, in Hanoi. */
function hanoiDate(inDays: number): string {
  const d = new Date(Date.now() + inDays * 86_400_000 + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${String(d.getUTCFullYear())}`;
}

interface Opened {
  page: Page;
  violations: string[];
  /** Every URL the page asked for (nothing searched for may be in one). */
  urls: string[];
}

async function open(): Promise<Opened> {
  return openPage(browser, web.url + '/');
}

async function signIn(page: Page, user: TestUser): Promise<void> {
  await signInThroughForm(page, user);
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

/** Nothing wider than a 360 px phone. */
async function fitsPhone(page: Page): Promise<void> {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(100);
  await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(360);
  await page.setViewportSize({ width: 1366, height: 768 });
}

/** Checked (axe) and, when asked for, photographed: 1366×768, and 360 px wide for the key screens. */
async function screen(page: Page, name: string, phone = false): Promise<void> {
  // The pointer off the last button clicked (the kit's hover shade of a filled button is lighter), and
  // the colour transitions ended, before contrast is measured.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  if (SHOTS) {
    await page.screenshot({ path: join(SHOTS, `counsellor-${name}.png`), fullPage: true });
    if (phone) {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(SHOTS, `counsellor-${name}-360.png`), fullPage: true });
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.waitForTimeout(150);
    }
  }
  await expectAccessible(page);
}

describe('the counsellor', () => {
  it('works the worklist, edits the survivor with a version conflict resolved, gives consent and refers, completes a follow-up and requests closure', async () => {
    const kase = await openCase();
    const overdue = await followUp(kase.id, 'call_back', 2);
    const later = await followUp(kase.id, 'home_visit', 3);
    // Due an hour ago: the API refuses a due time in the past, so it is moved there directly.
    await db.query(`UPDATE follow_ups SET due_at = now() - interval '1 hour' WHERE id = $1`, [overdue]);

    const { page, violations, urls } = await open();
    await signIn(page, counsellor);
    await page.getByRole('link', { name: 'Việc cần làm' }).click();
    await page.getByRole('heading', { name: 'Việc cần làm', level: 1 }).waitFor();

    // The worklist: counts per band; the row shows reference, kind, due time, risk and the safe contact.
    await page.getByRole('tab', { name: 'Quá hạn (1)' }).waitFor();
    await page.getByRole('tab', { name: 'Tuần này (1)' }).waitFor();
    const row = page.getByTestId('worklist-row').filter({ hasText: 'Gọi lại' });
    await row.getByRole('link', { name: kase.reference }).waitFor();
    await row.getByText('KHÔNG được nhắn tin').waitFor();
    await row.getByText('Điện thoại dùng chung với người có hành vi bạo lực').waitFor();
    await row.getByText('Mật khẩu liên lạc: hoa sen').waitFor();
    await screen(page, 'worklist', true);
    await fitsPhone(page);

    // Tabs switch with the arrow keys.
    await page.getByRole('tab', { name: 'Quá hạn (1)' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: /^Hôm nay/ }).getAttribute('aria-selected')).resolves.toBe(
      'true',
    );
    await page.keyboard.press('ArrowLeft');

    // Complete the overdue one in place, by keyboard from its button.
    await row.getByRole('button', { name: `Hoàn thành: ${kase.reference} Gọi lại` }).click();
    await pickOption(page, 'Kết quả', 'Đã liên lạc được');
    await row.getByLabel('Ghi chú').fill('Đã gọi, chị an toàn');
    await screen(page, 'worklist-complete');
    await row.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('tab', { name: 'Quá hạn (0)' }).waitFor();
    const done = await db.query<{ status: string }>(`SELECT status FROM follow_ups WHERE id = $1`, [overdue]);
    expect(done[0]?.status).toBe('done');

    // Reschedule the other in place.
    await page.getByRole('tab', { name: 'Tuần này (1)' }).click();
    const visit = page.getByTestId('worklist-row').filter({ hasText: 'Thăm gia đình' });
    await visit.getByRole('button', { name: /^Hẹn lại/ }).click();
    await visit.getByLabel('Ngày (dd/MM/yyyy)').fill(hanoiDate(5));
    await visit.getByLabel('Giờ (HH:mm)').fill('14:30');
    await visit.getByLabel('Lý do hẹn lại').fill('Chị hẹn lại vào chiều');
    await screen(page, 'worklist-reschedule');
    await visit.getByRole('button', { name: 'Lưu' }).click();
    await visit.getByRole('button', { name: 'Lưu' }).waitFor({ state: 'detached' });
    const moved = await db.query<{ due: string }>(
      `SELECT to_char(due_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY HH24:MI') AS due FROM follow_ups WHERE id = $1`,
      [later],
    );
    expect(moved[0]?.due).toBe(`${hanoiDate(5)} 14:30`);

    // The case file: safe contact at the top.
    await visit.getByRole('link', { name: kase.reference }).click();
    await page.getByRole('heading', { name: `Hồ sơ ${kase.reference}`, level: 1 }).waitFor();
    await page.getByTestId('safe-contact').first().getByText('KHÔNG để lại lời nhắn').waitFor();
    await page.getByText(/^(\+84|0)912 ?345 ?678$/).waitFor();
    await screen(page, 'case-summary', true);
    await fitsPhone(page);

    // Case-file tabs also move with the arrow keys.
    await page.getByRole('tab', { name: 'Tóm tắt' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tabpanel', { name: 'Người bị bạo lực và người báo tin' }).waitFor();

    // Survivor edit; someone else saves first; she sees both values, keeps hers, saves with the new version.
    await page.getByLabel('Họ và tên').fill('Trần Thị Của Tôi');
    const before = await req<{ version: number }>(supervisor, 'GET', `/api/v1/cases/${kase.id}`);
    const behind = await req(supervisor, 'PATCH', `/api/v1/cases/${kase.id}`, {
      version: before.body.version,
      survivor: { fullName: 'Trần Thị Người Khác' },
    });
    expect(behind.status).toBe(200);
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    const conflict = page.getByTestId('conflict');
    await conflict.getByText('Giữ của bạn: Trần Thị Của Tôi').waitFor();
    await conflict.getByText('Giữ bản đang lưu: Trần Thị Người Khác').waitFor();
    await screen(page, 'case-people-conflict');
    await conflict.getByRole('radio', { name: 'Giữ của bạn: Trần Thị Của Tôi' }).check();
    await conflict.getByRole('button', { name: 'Lưu lựa chọn' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu.' }).waitFor();
    const after = await req<{ version: number; survivor: { fullName: string } }>(
      supervisor,
      'GET',
      `/api/v1/cases/${kase.id}`,
    );
    expect(after.body.survivor.fullName).toBe('Trần Thị Của Tôi');
    expect(after.body.version).toBe(before.body.version + 2);

    // Consent for referral: to safe houses, name and phones.
    await openTab(page, 'Sự đồng ý');
    await pickOption(page, 'Loại cơ sở được nhận thông tin', 'Nhà tạm lánh');
    await page.getByRole('checkbox', { name: 'Họ và tên', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Số điện thoại', exact: true }).check();
    await page.getByRole('button', { name: 'Ghi nhận sự đồng ý' }).click();
    // Every consent of the case comes from the API with its id: each active one can be withdrawn.
    await page.getByTestId('consent').getByRole('button', { name: 'Rút lại đồng ý' }).waitFor();
    await screen(page, 'case-consents');

    // Referral under that consent (picked by id), then its timeline.
    await openTab(page, 'Chuyển gửi');
    await pickOption(page, 'Cơ sở nhận', providerName);
    await pickOption(page, 'Dịch vụ', 'Tạm lánh');
    await page.getByRole('radio', { name: /^Ngày đồng ý/ }).check();
    await page.getByRole('button', { name: 'Chuyển gửi', exact: true }).click();
    await page.getByTestId('referral').getByText(providerName).waitFor();
    await page.getByTestId('referral').getByText('Đã gửi').first().waitFor();
    const referrals = await db.query<{ consent_id: string | null }>(
      `SELECT consent_id FROM referrals WHERE case_id = $1`,
      [kase.id],
    );
    expect(referrals).toHaveLength(1);
    expect(referrals[0]?.consent_id).not.toBeNull();
    await screen(page, 'case-referrals');

    // The remaining tabs, each checked and photographed.
    await openTab(page, 'Theo dõi');
    // The case's own list (issue 14): the open one with its actions, the one completed above beside it.
    await page.getByTestId('case-follow-up').nth(1).waitFor();
    expect(await page.getByTestId('case-follow-up').count()).toBe(2);
    expect(
      await page
        .getByTestId('case-follow-up')
        .getByRole('button', { name: /^Hoàn thành:/ })
        .count(),
    ).toBe(1);
    await screen(page, 'case-follow-ups');
    // The calls of the case (issue 15): one she took, one a colleague took; newest first, Hanoi time.
    const logCall = async (user: TestUser, body: Record<string, unknown>) => {
      const r = await call(api, 'POST', '/api/v1/calls', {
        token: await tokenOf(user),
        body: { ...body, caseId: kase.id },
        headers: { 'Idempotency-Key': randomUUID() },
      });
      expect(r.status).toBe(201);
    };
    await logCall(supervisor, {
      category: 'information',
      outcome: 'information_given',
      durationSeconds: 95,
      startedAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    await logCall(counsellor, {
      category: 'gbv_disclosure',
      outcome: 'linked_to_case',
      durationSeconds: 754,
    });
    await openTab(page, 'Cuộc gọi');
    const calls = page.getByTestId('case-call');
    await calls.nth(1).waitFor();
    await calls.first().getByText('Chia sẻ về bạo lực giới · Gắn với hồ sơ đã có').waitFor();
    await calls
      .first()
      .getByText(/· 12:34$/)
      .waitFor();
    await calls.first().getByText('Đường dây nóng · Người nhận: Bạn').waitFor();
    await calls.nth(1).getByText(`Người nhận: ${supervisor.displayName}`, { exact: false }).waitFor();
    await screen(page, 'case-calls', true);
    await fitsPhone(page);
    await openTab(page, 'Ghi chú');
    await page.getByLabel('Nội dung ghi chú').fill('Chị muốn được gọi buổi sáng');
    await page.getByRole('button', { name: 'Thêm ghi chú' }).click();
    await page.getByText('Chị muốn được gọi buổi sáng').waitFor();
    await screen(page, 'case-notes');
    await openTab(page, 'Vụ việc');
    await page.getByText('Bạo lực thể chất').waitFor();
    await screen(page, 'case-incidents');
    await openTab(page, 'Nguy cơ');
    await screen(page, 'case-risk');
    await openTab(page, 'Biện pháp bảo vệ');
    await pickOption(page, 'Biện pháp', 'Cấm tiếp xúc theo quyết định của Chủ tịch Ủy ban nhân dân cấp xã');
    await page.getByText('Cơ quan có thẩm quyền quyết định trong 12 giờ kể từ khi có đề nghị.').waitFor();
    await screen(page, 'case-measures');
    await openTab(page, 'Truy cập khẩn cấp');
    await screen(page, 'case-break-glass');
    await openTab(page, 'Nhật ký truy cập');
    await page.getByTestId('access-log').waitFor();
    // The actions in words, not codes.
    await page.getByTestId('access-log').getByText('Xem hồ sơ').first().waitFor();
    await page.getByTestId('access-log').getByText('Xem cuộc gọi').first().waitFor();
    await screen(page, 'case-access-log');

    // Closure requested with a reason, what is still open shown beside it.
    await openTab(page, 'Tiến trình');
    await page.getByTestId('open-items').getByText('1 chuyển gửi chưa xong').waitFor();
    await pickOption(page, 'Lý do đóng', 'Đã đạt mục tiêu hỗ trợ');
    await page.getByRole('button', { name: 'Đề nghị đóng hồ sơ' }).click();
    await page.getByTestId('closure-pending').waitFor();
    await page.getByTestId('status-history').first().waitFor();
    await screen(page, 'case-workflow');
    const pending = await db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM closure_requests WHERE case_id = $1`,
      [kase.id],
    );
    expect(pending[0]?.n).toBe('1');

    // Search: by reference in the body; nothing searched for in any URL.
    await page.getByRole('link', { name: 'Tìm hồ sơ' }).click();
    await page.getByRole('heading', { name: 'Tìm hồ sơ', level: 1 }).waitFor();
    await page.getByLabel('Số điện thoại').fill('0912345678');
    await page.getByRole('button', { name: 'Tìm' }).click();
    await page.getByTestId('search-results').getByRole('link', { name: kase.reference }).waitFor();
    await screen(page, 'search', true);
    await fitsPhone(page);
    expect(urls.filter((u) => u.includes('0912345678') || u.includes('345 678'))).toEqual([]);

    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('reaches every action of a worklist row with the Tab key alone', async () => {
    const kase = await openCase();
    await followUp(kase.id, 'call_back', 1);
    const { page, violations } = await open();
    await signIn(page, counsellor);
    await page.getByRole('link', { name: 'Việc cần làm' }).click();
    await page.getByRole('heading', { name: 'Việc cần làm', level: 1 }).waitFor();
    await page.getByRole('tab', { name: /^Tuần này/ }).click();
    const row = page.getByTestId('worklist-row').filter({ hasText: kase.reference });
    await row.waitFor();
    const wanted = [
      kase.reference,
      `Hoàn thành: ${kase.reference} Gọi lại`,
      `Hẹn lại: ${kase.reference} Gọi lại`,
    ];
    const reached = new Set<string>();
    await page.getByRole('tab', { name: /^Tuần này/ }).focus();
    for (let n = 0; n < 60 && reached.size < wanted.length; n++) {
      await page.keyboard.press('Tab');
      const name = await page.evaluate(() => {
        const el = document.activeElement as unknown as {
          getAttribute(n: string): string | null;
          textContent: string;
        };
        return el ? (el.getAttribute('aria-label') ?? el.textContent) : '';
      });
      if (wanted.includes(name.trim())) reached.add(name.trim());
    }
    expect([...reached].sort()).toEqual([...wanted].sort());
    // Enter on the focused "complete" opens its form.
    await row.getByRole('button', { name: `Hoàn thành: ${kase.reference} Gọi lại` }).focus();
    await page.keyboard.press('Enter');
    await row.getByRole('combobox', { name: 'Kết quả' }).waitFor();
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
