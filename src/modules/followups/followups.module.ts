import { Module } from '@nestjs/common';
import { CatalogueService } from '../../platform/catalogues';
import { DeadLetterAdminModule } from '../../platform/queue/admin';
import { configDir, ENV, Env } from '../../platform/config';
import { AccessModule, AccessService } from '../access';
import { AssessmentsModule } from '../assessments';
import { AuditModule } from '../audit';
import { CaseClosureRegistry, CaseMoveRegistry, CasesModule } from '../cases';
import { DocumentsModule } from '../documents';
import { IdentityModule } from '../identity';
import { NotificationsModule } from '../notifications';
import { ReferralsModule } from '../referrals';
import { FollowUpClosure } from './follow-up-closure';
import { FollowUpCaseMovesRepository } from './follow-up-case-moves.repository';
import { FollowUpMergeParticipant } from './follow-up-merge';
import { FollowUpTransfer } from './follow-up-transfer';
import { FollowUpTransferRepository } from './follow-up-transfer.repository';
import { FollowUpPlanner } from './follow-up-planner';
import { FollowUpPrintReads } from './follow-up-print.reads';
import { FollowUpScheduleRepository } from './follow-up-schedule.repository';
import { FollowUpWorklistRepository } from './follow-up-worklist.repository';
import { FollowUpRepository } from './follow-up.repository';
import { FOLLOW_UP_RESOURCE } from './follow-up.resource';
import { CaseFollowUpsController, FollowUpsController } from './follow-ups.controller';
import { FollowUpsQueries } from './follow-ups.queries';
import { FollowUpsService } from './follow-ups.service';
import { FOLLOWUPS_CONFIG, loadFollowupsConfig } from './followups.config';
import { FollowupsHandlers } from './jobs/followups.handlers';
import './followups.errors';
import './followups.personal-data';
import { REMINDERS_PROVIDERS } from './reminders';
import { JOBS_ADMIN_CONTROLLERS, JOBS_ADMIN_PROVIDERS } from './jobs-admin';
import { RETENTION_PROVIDERS, RetentionParticipants, RetentionService } from './retention';

/** Follow-ups, the worklist, reminders and escalations (docs/DESIGN.md §5). */
@Module({
  imports: [
    AuditModule,
    IdentityModule,
    AccessModule,
    NotificationsModule,
    CasesModule,
    DocumentsModule,
    AssessmentsModule,
    ReferralsModule,
    DeadLetterAdminModule,
  ],
  controllers: [CaseFollowUpsController, FollowUpsController, ...JOBS_ADMIN_CONTROLLERS],
  providers: [
    ...REMINDERS_PROVIDERS,
    ...RETENTION_PROVIDERS,
    ...JOBS_ADMIN_PROVIDERS,
    {
      provide: FOLLOWUPS_CONFIG,
      inject: [ENV, CatalogueService],
      useFactory: (env: Env, catalogues: CatalogueService) =>
        loadFollowupsConfig(configDir(env.HAVEN_CONFIG_DIR), {
          kinds: catalogues.keys('follow-up-kinds'),
          measureTypes: catalogues.keys('protection-measures'),
        }),
    },
    FollowUpsService,
    FollowUpsQueries,
    FollowUpPlanner,
    FollowUpRepository,
    FollowUpWorklistRepository,
    FollowUpScheduleRepository,
    FollowupsHandlers,
    FollowUpClosure,
    FollowUpPrintReads,
    FollowUpCaseMovesRepository,
    FollowUpMergeParticipant,
    FollowUpTransfer,
    FollowUpTransferRepository,
  ],
  exports: [RetentionService, RetentionParticipants, FollowUpPlanner, FollowUpPrintReads],
})
export class FollowupsModule {
  constructor(
    access: AccessService,
    closures: CaseClosureRegistry,
    closure: FollowUpClosure,
    moves: CaseMoveRegistry,
    merge: FollowUpMergeParticipant,
    transfer: FollowUpTransfer,
  ) {
    access.registerResource(FOLLOW_UP_RESOURCE);
    closures.register(closure);
    moves.registerMerge(merge);
    moves.registerTransfer(transfer);
  }
}
