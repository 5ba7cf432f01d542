import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import type { Logger } from 'pino';
import { CatalogueModule } from './platform/catalogues';
import { CryptoModule } from './platform/crypto';
import { Env, EnvModule } from './platform/config';
import { DatabaseModule } from './platform/database';
import { HealthModule } from './platform/health';
import { AccessDecisionGuard, HttpExceptionFilter } from './platform/http';
import { IdempotencyModule } from './platform/idempotency';
import { LoggingModule } from './platform/logging';
import { MetricsModule } from './platform/metrics';
import { OutboxModule } from './platform/outbox';
import { RedisModule } from './platform/redis';
import { AccessModule } from './modules/access';
import { ActivitiesModule } from './modules/activities';
import { AssessmentsModule } from './modules/assessments';
import { AuditModule } from './modules/audit';
import { CallsModule } from './modules/calls';
import { CasesModule } from './modules/cases';
import { DirectoryModule } from './modules/directory';
import { DocumentsModule } from './modules/documents';
import { FollowupsModule } from './modules/followups';
import { GeographyModule } from './modules/geography';
import { IdentityModule } from './modules/identity';
import { NotificationsModule } from './modules/notifications';
import { PrintingModule } from './modules/printing';
import { PlansModule } from './modules/plans';
import { ReportingModule } from './modules/reporting';
import { ReferralsModule } from './modules/referrals';

/** The product's modules, shared by the API and the worker (docs/DESIGN.md §2, in dependency order). */
export const DOMAIN_MODULES = [
  GeographyModule,
  AuditModule,
  IdentityModule,
  AccessModule,
  NotificationsModule,
  DirectoryModule,
  CasesModule,
  CallsModule,
  DocumentsModule,
  AssessmentsModule,
  ReferralsModule,
  FollowupsModule,
  PlansModule,
  ActivitiesModule,
  ReportingModule,
  PrintingModule,
];

/** What every process needs: configuration, logging, database, Redis, the outbox, catalogues. */
export function platformImports(env: Env, logger: Logger, applicationName: string) {
  return [
    EnvModule.forRoot(env),
    LoggingModule.forRoot(logger),
    DatabaseModule.forRoot(env, applicationName),
    RedisModule,
    CryptoModule,
    OutboxModule,
    IdempotencyModule,
    CatalogueModule,
  ];
}

/** The HTTP API. */
@Module({})
export class AppModule {
  static forRoot(env: Env, logger: Logger, extraImports: (Type | DynamicModule)[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...platformImports(env, logger, 'haven-api'),
        DiscoveryModule,
        HealthModule,
        MetricsModule,
        ...DOMAIN_MODULES,
        ...extraImports,
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_GUARD, useClass: AccessDecisionGuard },
      ],
    };
  }
}
