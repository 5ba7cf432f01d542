import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CatalogueService } from '../../platform/catalogues';
import { configDir, ENV, Env } from '../../platform/config';
import { AuditModule } from '../audit';
import { ACCESS_POLICY, loadAccessPolicy } from './access-policy.loader';
import { AccessFactRepository } from './access-fact.repository';
import { AccessStartupCheck } from './access-startup.check';
import { AccessService } from './access.service';
import { BreakGlassGrantRepository } from './break-glass-grant.repository';
import { BreakGlassService } from './break-glass.service';
import './access.errors';
import './access.personal-data';

@Module({
  imports: [AuditModule, DiscoveryModule],
  providers: [
    {
      provide: ACCESS_POLICY,
      inject: [ENV, CatalogueService],
      useFactory: (env: Env, catalogues: CatalogueService) =>
        loadAccessPolicy(configDir(env.HAVEN_CONFIG_DIR), catalogues.keys('roles')),
    },
    AccessFactRepository,
    BreakGlassGrantRepository,
    AccessService,
    BreakGlassService,
    AccessStartupCheck,
  ],
  exports: [AccessService, BreakGlassService],
})
export class AccessModule {}
