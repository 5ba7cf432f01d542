import { Module } from '@nestjs/common';
import { AccessModule, AccessService } from '../access';
import { AuditModule } from '../audit';
import { GeographyModule } from '../geography';
import { IdentityModule } from '../identity';
import { DirectoryService } from './directory.service';
import { PROVIDER_RESOURCE } from './provider.resource';

/** The directory of services a case can be referred to (DESIGN.md §4). */
@Module({
  imports: [GeographyModule, AuditModule, IdentityModule, AccessModule],
  controllers: [],
  providers: [DirectoryService],
  exports: [DirectoryService],
})
export class DirectoryModule {
  constructor(access: AccessService) {
    access.registerResource(PROVIDER_RESOURCE);
  }
}
