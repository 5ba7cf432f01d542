import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigurationError, loadEnv } from '../config/env.schema';
import { dataSourceOptions } from './data-source-options';

/**
 * `npm run migration:run` (and `migration:revert` with --revert): runs the migrations with query logging
 * off. TypeORM's own command line prints every query with its parameters, which a data migration must
 * never do. Needs NODE_ENV and DATABASE_URL; Redis is not involved.
 */
async function main(): Promise<void> {
  const env = loadEnv({ REDIS_URL: 'redis://127.0.0.1:6379', ...process.env });
  const ds = new DataSource({
    ...dataSourceOptions({ url: env.DATABASE_URL, poolSize: 2, applicationName: 'haven-migrate' }),
    logging: ['error'],
  });
  await ds.initialize();
  try {
    if (process.argv.includes('--revert')) {
      await ds.undoLastMigration({ transaction: 'each' });
      process.stdout.write('Reverted the last migration.\n');
    } else {
      const ran = await ds.runMigrations({ transaction: 'each' });
      process.stdout.write(
        ran.length
          ? `Ran ${ran.length} migration(s): ${ran.map((m) => m.name).join(', ')}\n`
          : 'Database is up to date.\n',
      );
    }
  } finally {
    await ds.destroy();
  }
}

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
