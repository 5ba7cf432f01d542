import { totpCode, type TestUser } from '../../support/auth';
import { axeSource, type Browser, type Page } from './deps';

// Globals of the page, for the callbacks that run in Chromium (the root compiles without the DOM library).
declare const window: Record<string, unknown>;
declare const document: {
  addEventListener(
    type: 'securitypolicyviolation',
    listener: (e: { violatedDirective: string; blockedURI: string }) => void,
  ): void;
};

export interface OpenedPage {
  page: Page;
  /** Content-Security-Policy violations the page reported (console and securitypolicyviolation events). */
  violations: string[];
  /** Every URL the page asked for. */
  urls: string[];
}

/**
 * A fresh context (Vietnamese, Hanoi time, 1366×768 unless told) whose CSP violations and requests are
 * collected from the first byte; `prepare` runs before the page is loaded (routes, request listeners).
 */
export async function openPage(
  browser: Browser,
  url: string,
  opts: { viewport?: { width: number; height: number }; prepare?: (page: Page) => Promise<void> } = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1366, height: 768 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const violations: string[] = [];
  const urls: string[] = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on('request', (r) => urls.push(r.url()));
  await page.exposeFunction('__cspViolation', (d: string) => violations.push(d));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation: (d: string) => void }).__cspViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      );
    });
  });
  if (opts.prepare) await opts.prepare(page);
  await page.goto(url);
  return { page, violations, urls };
}

/** Signs in through the sign-in form: the password, then the TOTP code when the user has a second factor. */
export async function signInThroughForm(page: Page, user: TestUser): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(user.username);
  await page.locator('input[type=password]').fill(user.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  if (user.totpSecret) {
    await page.getByLabel('Mã xác thực 6 số').fill(totpCode(user.totpSecret));
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
  }
}

/** axe-core's serious and critical violations on what is on screen, each with where and why. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource());
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (o: object) => Promise<{
            violations: {
              id: string;
              impact: string;
              nodes: { target: string[]; html: string; failureSummary: string }[];
            }[];
          }>;
        };
      }
    ).axe;
    const r = await axe.run({ resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html} ${n.failureSummary}`).join(', ')}`,
      );
  });
}

/** In-app navigation to `path` (history and popstate): the session lives in the page, a load would end it. */
export async function goInApp(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    const w = window as unknown as {
      history: { pushState(state: unknown, title: string, url: string): void };
      dispatchEvent(e: unknown): void;
      PopStateEvent: new (type: string) => unknown;
    };
    w.history.pushState({}, '', p);
    w.dispatchEvent(new w.PopStateEvent('popstate'));
  }, path);
}

/** A tab of the page opened by its name, and its panel shown. */
export async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await page.getByRole('tabpanel', { name }).waitFor();
}

/**
 * A Mantine Select or MultiSelect: by keyboard, focus it by its label, the down arrow opens the list (a
 * MultiSelect's pills cover its input), the option clicked; then Escape closes the list unless `escape` is
 * false (where an Escape before would make two in a row: the quick exit).
 */
export async function pickOption(
  page: Page,
  label: string,
  option: string | RegExp,
  { escape = true }: { escape?: boolean } = {},
): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).focus();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('option', { name: option }).click();
  if (escape) await page.keyboard.press('Escape');
}
