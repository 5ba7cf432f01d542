/**
 * The browser tests' own dependencies live in web/node_modules (web/ is its own npm package until it
 * becomes a workspace of the root); imported by path in this one place so the root needs nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const WEB_DIR = join(__dirname, '../../../web');
export const DIST_WEB = join(__dirname, '../../../dist/web');

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const playwright = require(
  join(WEB_DIR, 'node_modules/playwright-core'),
) as typeof import('../../../web/node_modules/playwright-core');

export type { Browser, BrowserContext, Page } from '../../../web/node_modules/playwright-core';

export function axeSource(): string {
  return readFileSync(join(WEB_DIR, 'node_modules/axe-core/axe.min.js'), 'utf8');
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
