import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadEnv } from '../config/env.schema';
import { dataSourceOptions } from './data-source-options';

/**
 * The data source the TypeORM command line uses (npm run migration:run, migration:generate, migration:check).
 * It reads the same validated environment as the app.
 */
const env = loadEnv({ NODE_ENV: 'development', REDIS_URL: 'redis://127.0.0.1:6379', ...process.env });
export default new DataSource(
  dataSourceOptions({ url: env.DATABASE_URL, poolSize: 2, applicationName: 'haven-cli' }),
);
