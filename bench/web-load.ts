import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from 'playwright-core';
import { startApi, testEnv, type RunningApi } from '../test/support/app';
import { createUser, MANY_SIGN_INS } from '../test/support/auth';
import { ensureWebBuilt } from '../test/support/web-build';
import {
  benchRunId,
  busyBeforeRun,
  createBenchDatabase,
  describeMachine,
  gitCommit,
  guardRun,
  intArg,
  markdownTable,
  summarize,
  writeResults,
  type BenchDatabase,
} from './support';

/**
 * The web application on an old office PC and a slow line (issue "The web application"): the compressed
 * JavaScript of the first screen, and the time from typing the address to a usable sign-in form and from
 * pressing "Đăng nhập" to a usable intake form, in Debian's Chromium (playwright-core) with a cold cache,
 * under three profiles measured in the same run: no throttling (the baseline), 4× CPU slowdown with
 * DevTools' "Fast 3G" network, and 4× CPU with "Slow 3G".
 *
 *   node -r ./test/support/ts-register.js bench/web-load.ts [--runs 5]
 *
 * The API is the real one (startApi) serving dist/web from this checkout, on a throw-away database.
 */

const runs = intArg('runs', 5);
const runId = benchRunId();
process.env.HAVEN_TEST_RUN_ID = `bench${runId}`;
const log = (m: string): void => {
  process.stderr.write(`[web-load] ${m}\n`);
};

interface Profile {
  name: string;
  cpuRate: number;
  /** DevTools' presets: latency in ms, throughput in bytes per second. */
  network: { latency: number; downloadThroughput: number; uploadThroughput: number } | null;
}

const PROFILES: Profile[] = [
  { name: 'no throttling (baseline)', cpuRate: 1, network: null },
  {
    name: '4× CPU, Fast 3G (562 ms, 1.44 Mbit/s)',
    cpuRate: 4,
    network: {
      latency: 562.5,
      downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
      uploadThroughput: (750 * 1024 * 0.9) / 8,
    },
  },
  {
    name: '4× CPU, Slow 3G (2 s, 400 kbit/s)',
    cpuRate: 4,
    network: { latency: 2000, downloadThroughput: (500 * 1024) / 8, uploadThroughput: (500 * 1024) / 8 },
  },
];

interface Sample {
  signInFormMs: number;
  intakeFormMs: number;
  transferredKb: number;
}

async function once(
  api: RunningApi,
  user: { username: string; password: string },
  profile: Profile,
): Promise<Sample> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(120_000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (profile.network)
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.network });
    if (profile.cpuRate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuRate });
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
      bytes += e.encodedDataLength;
    });

    const start = performance.now();
    await page.goto(api.url, { waitUntil: 'commit' });
    const username = page.getByLabel('Tên đăng nhập');
    await username.waitFor({ state: 'visible' });
    await username.click({ trial: true });
    const signInFormMs = performance.now() - start;
    await username.fill(user.username);
    await page.getByLabel('Mật khẩu').fill(user.password);
    const pressed = performance.now();
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const channel = page.getByRole('radio', { name: 'Đường dây nóng' });
    await channel.waitFor({ state: 'visible' });
    await channel.click({ trial: true });
    const intakeFormMs = performance.now() - pressed;
    return { signInFormMs, intakeFormMs, transferredKb: bytes / 1024 };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  guardRun(15 * 60_000, cleanup, log);
  const busy = await busyBeforeRun(log);
  ensureWebBuilt();
  const bundle = JSON.parse(
    execFileSync(process.execPath, [join(__dirname, '../web/scripts/bundle-size.mjs'), '--json'], {
      encoding: 'utf8',
    }),
  ) as { totalGzipBytes: number; budgetKb: number };
  db = await createBenchDatabase(runId);
  api = await startApi(testEnv(db.url, { AUTH_MFA_REQUIRED: 'false', LOG_LEVEL: 'warn', ...MANY_SIGN_INS }));
  const user = await createUser(api, { roles: ['hotline_operator'] });

  const results: {
    profile: string;
    signInForm: ReturnType<typeof summarize>;
    intakeForm: ReturnType<typeof summarize>;
    transferredKb: number;
  }[] = [];
  // Interleaved, so a slow moment of the machine does not fall on one profile only.
  const samples = new Map<string, Sample[]>(PROFILES.map((p) => [p.name, []]));
  for (let i = 0; i < runs; i++) {
    for (const profile of PROFILES) {
      const s = await once(api, { username: user.username, password: user.password }, profile);
      samples.get(profile.name)?.push(s);
      log(
        `${profile.name} #${i + 1}: sign-in form ${s.signInFormMs.toFixed(0)} ms, intake form ${s.intakeFormMs.toFixed(0)} ms`,
      );
    }
  }
  for (const profile of PROFILES) {
    const list = samples.get(profile.name) ?? [];
    results.push({
      profile: profile.name,
      signInForm: summarize(list.map((s) => s.signInFormMs)),
      intakeForm: summarize(list.map((s) => s.intakeFormMs)),
      transferredKb: Math.round(list.reduce((a, s) => a + s.transferredKb, 0) / Math.max(1, list.length)),
    });
  }
  const machine = await describeMachine();
  const ms = (v: number): string => `${Math.round(v)}`;
  const table = markdownTable([
    [
      'profile',
      'sign-in form p50 / max (ms)',
      'sign-in → intake form p50 / max (ms)',
      'transferred, first load (KB)',
    ],
    ...results.map((r) => [
      r.profile,
      `${ms(r.signInForm.p50)} / ${ms(r.signInForm.max)}`,
      `${ms(r.intakeForm.p50)} / ${ms(r.intakeForm.max)}`,
      String(r.transferredKb),
    ]),
  ]);
  const out = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine,
    machineBusyBeforeRunPercent: busy,
    runs,
    firstScreenJsGzipKb: Math.round((bundle.totalGzipBytes / 1024) * 10) / 10,
    budgetKb: bundle.budgetKb,
    results,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n\n${table}\n`);
  log(`results: ${writeResults('web-load', out)}`);
}

let db: BenchDatabase | undefined;
let api: RunningApi | undefined;
async function cleanup(): Promise<void> {
  await api?.close().catch(() => undefined);
  await db?.drop().catch(() => undefined);
}

main()
  .then(cleanup)
  .then(() => process.exit(0))
  .catch(async (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await cleanup();
    process.exit(1);
  });
