import { Client } from 'pg';
import IORedis from 'ioredis';
import { databasePrefix, redisPrefix } from './run';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './services';

/** Drops the run's databases and removes its Redis keys. */
export default async function globalTeardown(): Promise<void> {
  const id = process.env.HAVEN_TEST_RUN_ID;
  if (!id) return;
  const admin = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${databasePrefix(id)}%`],
    );
    for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const redis = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix(id)}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
