import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ConfigurationError, loadEnv } from '../config/env.schema';
import { dataSourceOptions } from './data-source-options';
import { MigrationsRepository } from './migrations.repository';

/** Creates the database named in the URL when it does not exist (connecting to the server's postgres db). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const databases = new MigrationsRepository(client);
    if (await databases.databaseExists(name)) return false;
    await databases.createDatabase(name);
    return true;
  } finally {
    await client.end();
  }
}

/** Runs the pending migrations (or reverts the last one) with query logging off. */
export async function migrate(url: string, opts: { revert?: boolean } = {}): Promise<string[]> {
  const ds = new DataSource({
    ...dataSourceOptions({ url, poolSize: 2, applicationName: 'haven-migrate' }),
    logging: ['error'],
  });
  await ds.initialize();
  try {
    if (opts.revert) {
      await ds.undoLastMigration({ transaction: 'each' });
      return [];
    }
    return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/**
 * `npm run migration:run` (and `migration:revert`): TypeORM's own command line prints every query with
 * its parameters, which a data migration must never do. Needs NODE_ENV and DATABASE_URL, not Redis.
 */
async function main(): Promise<void> {
  const env = loadEnv({ REDIS_URL: 'redis://127.0.0.1:6379', ...process.env });
  const revert = process.argv.includes('--revert');
  const ran = await migrate(env.DATABASE_URL, { revert });
  if (revert) process.stdout.write('Reverted the last migration.\n');
  else
    process.stdout.write(
      ran.length ? `Ran ${ran.length} migration(s): ${ran.join(', ')}\n` : 'Database is up to date.\n',
    );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    if (err instanceof ConfigurationError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    // The message of a driver error names the table or constraint, never a row's values.
    process.stderr.write(
      `Migration failed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}\n`,
    );
    process.exit(1);
  });
}
