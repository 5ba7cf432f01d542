import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

/**
 * The migration classes, required synchronously from migrations/*.ts while jest's TypeScript transform
 * is in place (global set-up code cannot rely on TypeORM's own asynchronous loading of .ts files).
 */
const dir = join(__dirname, '..', '..', 'migrations');
export const MIGRATIONS: (new () => unknown)[] = readdirSync(dir)
  .filter((f) => /^\d+-.+\.ts$/.test(f))
  .sort()
  .map((f) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(dir, f)) as Record<string, new () => unknown>;
    const cls = Object.values(mod).find((v) => typeof v === 'function');
    if (!cls) throw new Error(`migrations/${f} exports no migration class`);
    return cls;
  });

export async function runMigrations(url: string): Promise<void> {
  const ds = new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS as never,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    logging: false,
  });
  await ds.initialize();
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
}
