import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databasePrefix, templateDatabase } from './run';
import { databaseUrl, TEST_DATABASE_URL } from './services';

export interface TestDatabase {
  name: string;
  url: string;
  /** A plain pg client for assertions and set-up SQL. */
  query<T extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh database for one test file, copied from the run's migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${databasePrefix()}${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}"`));
      break;
    } catch (e) {
      // Two files copying the template at the same instant: PostgreSQL refuses one; try again.
      if (attempt < 20 && /being accessed by other users/.test((e as Error).message)) {
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        continue;
      }
      throw e;
    }
  }
  const url = databaseUrl(name);
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    name,
    url,
    async query<T extends object>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
    async drop() {
      await client.end().catch(() => undefined);
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
