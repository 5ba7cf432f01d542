/** The browser tests' own dependencies: playwright-core (no browser download: Debian's Chromium drives). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as playwrightCore from 'playwright-core';

export const WEB_DIR = join(__dirname, '../../../web');
export const DIST_WEB = join(__dirname, '../../../dist/web');

export const playwright = playwrightCore;

export type { Browser, BrowserContext, Page } from 'playwright-core';

export function axeSource(): string {
  return readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
