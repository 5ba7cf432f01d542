import { Global, Module } from '@nestjs/common';
import { ACTOR_NAMES } from '../audit';
import { IdentityDirectoryService } from './identity-directory.service';
import { OrganizationRepository } from './organizations/organization.repository';
import { UserRepository } from './users/user.repository';

/**
 * Names the actors of the audit trail and of case access logs (the audit module's ACTOR_NAMES port).
 * Global because the audit module sits above identity and cannot import it; it exports only the port.
 */
@Global()
@Module({
  providers: [
    UserRepository,
    OrganizationRepository,
    IdentityDirectoryService,
    { provide: ACTOR_NAMES, useExisting: IdentityDirectoryService },
  ],
  exports: [ACTOR_NAMES],
})
export class ActorNamesModule {}
