import { Module } from '@nestjs/common';
import { AccessModule, AccessService } from '../access';
import { AuditModule } from '../audit';
import { GeographyModule } from '../geography';
import { IdentityModule } from '../identity';
import { ACTIVITY_RESOURCE } from './activity.resource';

/** Community activities the plan counts, and the indicators' denominators (DESIGN.md §6). */
@Module({
  imports: [GeographyModule, AuditModule, IdentityModule, AccessModule],
  controllers: [],
  providers: [],
  exports: [],
})
export class ActivitiesModule {
  constructor(access: AccessService) {
    access.registerResource(ACTIVITY_RESOURCE);
  }
}
