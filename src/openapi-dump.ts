import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { AppModule } from './app.module';
import { loadEnv } from './platform/config';
import { buildApiDocument, createApiApp } from './platform/http/create-api-app';
import { createLogger } from './platform/logging';

/**
 * Writes the API's OpenAPI document to a file without serving it (CI lints it and checks the web
 * application's generated types against it): `openapi-dump.js <out.json>`. The application is built as
 * main.ts builds it, on DATABASE_URL; throwaway keys, since the document does not depend on them.
 */
async function main(): Promise<void> {
  const out = process.argv[2] ?? 'openapi.json';
  const env = loadEnv({
    NODE_ENV: 'test',
    REDIS_URL: 'redis://127.0.0.1:6379',
    HAVEN_DATA_KEYS: `d1:${randomBytes(32).toString('base64')}`,
    HAVEN_INDEX_KEY: `i1:${randomBytes(32).toString('base64')}`,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    ...process.env,
    API_DOCS_ENABLED: 'true',
  });
  const app = await createApiApp(AppModule.forRoot(env, createLogger({ level: 'warn' })), env);
  try {
    writeFileSync(out, `${JSON.stringify(buildApiDocument(app), null, 2)}\n`);
  } finally {
    await app.close();
  }
  process.stdout.write(`wrote ${out}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`openapi-dump failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
