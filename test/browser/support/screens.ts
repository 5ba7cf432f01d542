import { join } from 'node:path';
import type { Page } from './deps';
import { seriousAxeViolations } from './page';

// The page's globals, for the callback that runs in Chromium (the root compiles without the DOM library).
declare const document: { documentElement: { scrollWidth: number } };

/** Where the specs save their screenshots (docs/screenshots/ when refreshing them); none when unset. */
export const SHOTS = process.env.HAVEN_SCREENSHOTS;

export const WIDE = 1366;
export const PHONE = 360;
export type ScreenWidth = typeof WIDE | typeof PHONE;
const HEIGHT: Record<ScreenWidth, number> = { [WIDE]: 768, [PHONE]: 740 };

export interface ScreenOptions {
  /** The widths the screen is looked at, in this order (default 1366 then 360). At 360 px nothing may be wider. */
  widths?: readonly ScreenWidth[];
  /** The widths at which axe-core runs (a serious or critical finding fails): default 1366 only; [] for none. */
  axeAt?: readonly ScreenWidth[];
  /** The whole page photographed (default) or only what the viewport shows. */
  fullPage?: boolean;
  /** The file name's ending at 1366 px: '' by default (`<prefix><name>.png`); at 360 it is always '-360'. */
  wideSuffix?: string;
}

/**
 * A screen checked and, when HAVEN_SCREENSHOTS is set, photographed as `<prefix><name>.png` (1366 px) and
 * `<prefix><name>-360.png`: the mouse moved off (no hover), then at each width in turn the viewport set,
 * at 360 px the page no wider than the phone, the photograph, axe where asked; the page left at 1366 px.
 */
export async function screenAt(
  page: Page,
  prefix: string,
  name: string,
  options: ScreenOptions = {},
): Promise<void> {
  const { widths = [WIDE, PHONE], axeAt = [WIDE], fullPage = true, wideSuffix = '' } = options;
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  for (const width of widths) {
    await setWidth(page, width);
    if (width === PHONE) {
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(
        PHONE,
      );
    }
    const suffix = width === PHONE ? '-360' : wideSuffix;
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${prefix}${name}${suffix}.png`), fullPage });
    if (axeAt.includes(width)) expect(await seriousAxeViolations(page)).toEqual([]);
  }
  await setWidth(page, WIDE);
}

/** The viewport at `width` (a phone's or a desk's height), given a moment to lay out again. */
async function setWidth(page: Page, width: ScreenWidth): Promise<void> {
  if (page.viewportSize()?.width === width) return;
  await page.setViewportSize({ width, height: HEIGHT[width] });
  await page.waitForTimeout(150);
}
