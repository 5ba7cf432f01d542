import { Module } from '@nestjs/common';
import { CatalogueService } from '../../platform/catalogues';
import { configDir, ENV, Env } from '../../platform/config';
import { AccessModule, AccessService } from '../access';
import { AuditModule } from '../audit';
import { GeographyModule } from '../geography';
import { IdentityModule } from '../identity';
import { DIRECTORY_CONFIG, loadDirectoryConfig } from './directory.config';
import { DirectoryService } from './directory.service';
import { PROVIDER_RESOURCE } from './provider.resource';
import { ProviderChangesService } from './provider-changes.service';
import { ProviderPartnerRepository } from './provider-partner.repository';
import { ProviderPresenter } from './provider-presenter';
import { ProviderReadsService } from './provider-reads.service';
import { ProviderRepository } from './provider.repository';
import { ProvidersController } from './providers.controller';
import './directory.personal-data';
import './directory.errors';

/** The directory of services a case can be referred to (docs/DESIGN.md §4). */
@Module({
  imports: [GeographyModule, AuditModule, IdentityModule, AccessModule],
  controllers: [ProvidersController],
  providers: [
    {
      provide: DIRECTORY_CONFIG,
      inject: [ENV, CatalogueService],
      useFactory: (env: Env, catalogues: CatalogueService) =>
        loadDirectoryConfig(configDir(env.HAVEN_CONFIG_DIR), catalogues.keys('organization-types')),
    },
    ProviderRepository,
    ProviderPartnerRepository,
    ProviderPresenter,
    ProviderReadsService,
    ProviderChangesService,
    DirectoryService,
  ],
  exports: [DirectoryService],
})
export class DirectoryModule {
  constructor(access: AccessService) {
    access.registerResource(PROVIDER_RESOURCE);
  }
}
