import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CatalogueService } from '../../platform/catalogues';
import { configDir, ENV, Env } from '../../platform/config';
import { AuditModule } from '../audit';
import { ACCESS_POLICY, loadAccessPolicy } from './access-policy.loader';
import { AccessStartupCheck } from './access-startup.check';
import { AccessService } from './access.service';
import { BreakGlassService } from './break-glass.service';
import './access.errors';
import './access.crypto';

@Module({
  imports: [AuditModule, DiscoveryModule],
  providers: [
    {
      provide: ACCESS_POLICY,
      inject: [ENV, CatalogueService],
      useFactory: (env: Env, catalogues: CatalogueService) =>
        loadAccessPolicy(configDir(env.HAVEN_CONFIG_DIR), catalogues.keys('roles')),
    },
    AccessService,
    BreakGlassService,
    AccessStartupCheck,
  ],
  exports: [AccessService, BreakGlassService],
})
export class AccessModule {}
