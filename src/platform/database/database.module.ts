import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Env } from '../config/env.schema';
import { DatabaseProbeRepository } from './database-probe.repository';
import { dataSourceOptions } from './data-source-options';

@Module({})
export class DatabaseModule {
  static forRoot(env: Env, applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions({ url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE, applicationName }),
          // Start even when PostgreSQL is down for a moment: readiness reports it, requests fail with 503.
          retryAttempts: 0,
        }),
      ],
      providers: [DatabaseProbeRepository],
      exports: [DatabaseProbeRepository],
    };
  }
}
