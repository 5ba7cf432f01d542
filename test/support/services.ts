import { Client } from 'pg';
import IORedis from 'ioredis';

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const PG_HINT =
  'Start PostgreSQL 15+ (on the CI machine: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start; ' +
  'with Docker: docker compose up -d postgres) or point TEST_DATABASE_URL at one.';
const REDIS_HINT =
  'Start Redis 7+ (on the CI machine: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no; ' +
  'with Docker: docker compose up -d redis) or point TEST_REDIS_URL at one.';

/** Shows a URL without its password. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(malformed URL)';
  }
}

/** Fails within seconds, naming the URL and how to start the service: never a hang, never a skip. */
export async function assertServicesReachable(): Promise<void> {
  const pg = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (e) {
    throw new Error(
      `PostgreSQL is not reachable at ${safeUrl(TEST_DATABASE_URL)} (${(e as Error).message}). ${PG_HINT}`,
    );
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new IORedis(TEST_REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new Error(
      `Redis is not reachable at ${safeUrl(TEST_REDIS_URL)} (${(e as Error).message}). ${REDIS_HINT}`,
    );
  } finally {
    redis.disconnect();
  }
}

/** Database URL of another database on the same server. */
export function databaseUrl(name: string): string {
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
}
