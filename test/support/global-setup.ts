import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from './migrations';
import { templateDatabase } from './run';
import { assertServicesReachable, databaseUrl, TEST_DATABASE_URL } from './services';
import { ensureWebBuilt } from './web-build';

/**
 * Once per run: checks PostgreSQL and Redis answer, builds a template database with the migrations, and
 * builds the web application when dist/web is older than web/ (the browser tests drive it).
 * Each test file copies the template (CREATE DATABASE … TEMPLATE), which takes a fraction of a second.
 */
export default async function globalSetup(): Promise<void> {
  await assertServicesReachable();
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  process.env.HAVEN_TEST_RUN_ID = id;
  const tpl = templateDatabase(id);
  const admin = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${tpl}"`);
  } finally {
    await admin.end();
  }
  await runMigrations(databaseUrl(tpl));
  ensureWebBuilt();
}
