import { Module } from '@nestjs/common';
import { AccessModule, AccessService } from '../access';
import { AuditModule } from '../audit';
import { CasesModule } from '../cases';
import { IdentityModule } from '../identity';
import { NotificationsModule } from '../notifications';
import { ReferralsModule } from '../referrals';
import { FOLLOW_UP_RESOURCE } from './follow-up.resource';

/** Follow-ups, the worklist, reminders and escalations (DESIGN.md §5). */
@Module({
  imports: [AuditModule, IdentityModule, AccessModule, NotificationsModule, CasesModule, ReferralsModule],
  controllers: [],
  providers: [],
  exports: [],
})
export class FollowupsModule {
  constructor(access: AccessService) {
    access.registerResource(FOLLOW_UP_RESOURCE);
  }
}
