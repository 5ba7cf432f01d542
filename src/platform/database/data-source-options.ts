import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { appRoot } from '../config/app-root';

const compiled = __filename.endsWith('.js');

/** Entities and migrations are found by file name, the same way from src/ (tests) and dist/ (built). */
export function entityGlobs(): string[] {
  return [join(__dirname, '..', '..', '**', compiled ? '*.entity.js' : '*.entity.ts')];
}

export function migrationGlobs(): string[] {
  return [compiled ? join(appRoot(), 'dist', 'migrations', '*.js') : join(appRoot(), 'migrations', '*.ts')];
}

export interface DatabaseSettings {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

/** One place for the connection options of the API, the worker, the CLI and the tests. */
export function dataSourceOptions(s: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: s.url,
    entities: entityGlobs(),
    migrations: migrationGlobs(),
    migrationsTableName: 'typeorm_migrations',
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: s.poolSize ?? 20,
      connectionTimeoutMillis: 3_000,
      idleTimeoutMillis: 30_000,
      application_name: s.applicationName ?? 'haven',
      // A query that hangs must not hold a request for ever.
      statement_timeout: 30_000,
      query_timeout: 35_000,
    },
  };
}
