import { mkdirSync } from 'node:fs';
import { RunningApi, startApi, testEnv } from '../../support/app';
import { call, MANY_SIGN_INS, tokenCache, type ApiAnswer, type TestUser } from '../../support/auth';
import { createTestDatabase, TestDatabase } from '../../support/database';
import { CHROMIUM, CHROMIUM_ARGS, playwright, type Browser } from './deps';
import { SHOTS } from './screens';
import { startWebServer, type WebServer } from './web-server';

/** What a browser spec runs against: its own database, the real API serving the built web app, Chromium. */
export interface BrowserWorld {
  db: TestDatabase;
  api: RunningApi;
  web: WebServer;
  browser: Browser;
  /** Each user signed in once (through the API), her access token kept. */
  tokenOf: (user: TestUser) => Promise<string>;
  /** One JSON request to the API as `user`. */
  req: <T = Record<string, unknown>>(
    user: TestUser,
    method: string,
    path: string,
    body?: unknown,
  ) => Promise<ApiAnswer<T>>;
  /** Closes the browser, the web server, the API and drops the database. */
  close: () => Promise<void>;
}

/**
 * A fresh database, the API on it (many sign-ins allowed, no external notification; `envOverrides` on
 * top), the web application it serves, Chromium, and $HAVEN_SCREENSHOTS made when set. What was started
 * is closed again if a later step fails.
 */
export async function startBrowserWorld(envOverrides: Record<string, string> = {}): Promise<BrowserWorld> {
  const started: { close(): Promise<void> }[] = [];
  const close = async (): Promise<void> => {
    for (const s of started.reverse()) await s.close();
    started.length = 0;
  };
  try {
    const db = await createTestDatabase();
    started.push({ close: () => db.drop() });
    const api = await startApi(
      testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none', ...envOverrides }),
    );
    started.push(api);
    const web = await startWebServer(api.url);
    started.push(web);
    const browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    started.push(browser);
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    const tokenOf = tokenCache(api);
    const req = async <T = Record<string, unknown>>(
      user: TestUser,
      method: string,
      path: string,
      body?: unknown,
    ): Promise<ApiAnswer<T>> => call<T>(api, method, path, { token: await tokenOf(user), body });
    return { db, api, web, browser, tokenOf, req, close };
  } catch (e) {
    await close();
    throw e;
  }
}
