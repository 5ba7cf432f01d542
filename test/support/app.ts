import { randomBytes } from 'node:crypto';

/** Keys of this test process: fresh, random, never written to disk. */
export const TEST_KEYS = {
  HAVEN_DATA_KEYS: `t1:${randomBytes(32).toString('base64')}`,
  HAVEN_INDEX_KEY: `ti:${randomBytes(32).toString('base64')}`,
  JWT_SECRET: randomBytes(32).toString('base64url'),
};
import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { Env, loadEnv } from '../../src/platform/config';
import { apiDocumentOf, createApiApp, routesOf } from '../../src/platform/http/create-api-app';
import { nestLogger } from '../../src/platform/logging';
import { operationIdOf } from '../../src/platform/http/openapi-document';
import { AppModule } from '../../src/app.module';
import { WorkerModule } from '../../src/worker.module';
import { captureLogger } from './log-capture';
import { recordAnswers } from './openapi-answers';
import { redisPrefix } from './run';
import { TEST_REDIS_URL } from './services';

/** A validated test environment on the given database, with its own Redis key prefix. */
export function testEnv(databaseUrl: string, overrides: Record<string, string> = {}): Env {
  return loadEnv({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: `${redisPrefix()}-${randomBytes(3).toString('hex')}`,
    LOG_LEVEL: 'debug',
    OUTBOX_POLL_INTERVAL_MS: '50',
    OUTBOX_MAX_BACKOFF_MS: '500',
    JOB_BACKOFF_MS: '50',
    JOB_ATTEMPTS: '3',
    ...TEST_KEYS,
    ...overrides,
  });
}

export interface RunningApi {
  app: NestFastifyApplication;
  url: string;
  /** Every route Fastify registered, as "METHOD /path" (HEAD routes left out). */
  routes: string[];
  env: Env;
  logs: () => string;
  close(): Promise<void>;
}

/** Modules a test adds to the API (fixtures). */
type ExtraImports = (Type | DynamicModule)[];

/** The real API on a free port of 127.0.0.1. */
export async function startApi(
  env: Env,
  opts: { logger?: Logger; extraImports?: ExtraImports } = {},
): Promise<RunningApi> {
  const capture = captureLogger();
  const app = await createApiApp(
    AppModule.forRoot(env, opts.logger ?? capture.logger, opts.extraImports ?? []),
    env,
  );
  // Every answer is checked against the document the app serves (test/support/openapi-check.ts).
  const document = apiDocumentOf(app);
  if (document) {
    recordAnswers(app.getHttpAdapter().getInstance(), document, testOnlyOperations(opts.extraImports ?? []));
  }
  await app.listen(0, '127.0.0.1');
  const routes = routesOf(app);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}`, routes, env, logs: capture.text, close: () => app.close() };
}

/** The operation ids of the controllers a test added (fixtures): not part of Haven's API. */
function testOnlyOperations(imports: ExtraImports): Set<string> {
  const ids = new Set<string>();
  for (const m of imports) {
    const controllers =
      ('module' in m ? m.controllers : undefined) ??
      (Reflect.getMetadata('controllers', 'module' in m ? m.module : m) as Type[] | undefined) ??
      [];
    for (const c of controllers)
      for (const name of Object.getOwnPropertyNames(c.prototype)) ids.add(operationIdOf(c.name, name));
  }
  return ids;
}

export interface RunningWorker {
  app: INestApplicationContext;
  env: Env;
  logs: () => string;
  close(): Promise<void>;
}

/** The real worker (relay, processors, schedulers) in this process. */
export async function startWorker(
  env: Env,
  opts: { relay?: boolean; processors?: boolean } = {},
): Promise<RunningWorker> {
  const capture = captureLogger(env.LOG_LEVEL);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(env, capture.logger, opts), {
    logger: nestLogger(capture.logger),
    abortOnError: false,
  });
  await app.init();
  return { app, env, logs: capture.text, close: () => app.close() };
}

/** Polls until the check passes or the time is up (then throws with the last value seen). */
export async function eventually<T>(
  check: () => Promise<T>,
  ok: (v: T) => boolean,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let last: T | undefined;
  for (;;) {
    try {
      last = await check();
      if (ok(last)) return last;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${opts.what ?? 'condition'}; last value: ${JSON.stringify(last)}`,
      );
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
}
