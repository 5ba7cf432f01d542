import { Module } from '@nestjs/common';
import { AccessModule, AccessService } from '../access';
import { AuditModule } from '../audit';
import { CasesModule } from '../cases';
import { DirectoryModule } from '../directory';
import { GeographyModule } from '../geography';
import { IdentityModule } from '../identity';
import { NotificationsModule } from '../notifications';
import { REFERRAL_RESOURCE, STAY_RESOURCE } from './referral.resource';

/** Referrals from a case to a provider, and stays at safe houses and trusted addresses (DESIGN.md §4). */
@Module({
  imports: [
    GeographyModule,
    AuditModule,
    IdentityModule,
    AccessModule,
    NotificationsModule,
    DirectoryModule,
    CasesModule,
  ],
  controllers: [],
  providers: [],
  exports: [],
})
export class ReferralsModule {
  constructor(access: AccessService) {
    access.registerResource(REFERRAL_RESOURCE);
    access.registerResource(STAY_RESOURCE);
  }
}
