import { Module } from '@nestjs/common';
import { CatalogueService } from '../../platform/catalogues';
import { configDir, ENV, Env } from '../../platform/config';
import { AccessModule, AccessService } from '../access';
import { AuditModule } from '../audit';
import { CaseClosureRegistry, CaseMoveRegistry, CasesModule } from '../cases';
import { DirectoryModule } from '../directory';
import { GeographyModule } from '../geography';
import { IdentityModule } from '../identity';
import { NotificationsModule } from '../notifications';
import { COMMUNE_NOTICE_PROVIDERS } from './commune-notice.service';
import { ReferralsHandlers } from './jobs/referrals.handlers';
import { ProviderStaysService } from './provider-stays.service';
import { ProviderStaysController } from './providers-stays.controller';
import { ReferralBoxesService } from './referral-boxes.service';
import { ReferralClosure } from './referral-closure';
import { ReferralMergeParticipant, StayMergeParticipant } from './referral-merge';
import { ReferralCaseMovesRepository } from './repositories/referral-case-moves.repository';
import { ReferralEscalationsService } from './referral-escalations.service';
import { ReferralLinksService } from './referral-links.service';
import { ReferralMovesService } from './referral-moves.service';
import { ReferralReadsService } from './referral-reads.service';
import { ReferralPrintReads } from './referral-print.reads';
import { ReferralRetentionService } from './referral-retention.service';
import { REFERRAL_RESOURCE, STAY_RESOURCE } from './referral.resource';
import { CaseReferralsController, ReferralsController } from './referrals.controller';
import { loadReferralsConfig, REFERRALS_CONFIG } from './referrals.config';
import { ReferralsService } from './referrals.service';
import { StaysNoticeController } from './stays-notice.controller';
import './referrals.errors';
import './referrals.personal-data';
import { ReferralLinkRepository } from './repositories/referral-link.repository';
import { ReferralTransitionRepository } from './repositories/referral-transition.repository';
import { ReferralRepository } from './repositories/referral.repository';
import { StayRepository } from './repositories/stay.repository';

/** Referrals from a case to a provider, and stays at safe houses and trusted addresses (docs/DESIGN.md §4). */
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
  controllers: [StaysNoticeController, CaseReferralsController, ReferralsController, ProviderStaysController],
  providers: [
    ...COMMUNE_NOTICE_PROVIDERS,
    {
      provide: REFERRALS_CONFIG,
      inject: [ENV, CatalogueService],
      useFactory: (env: Env, catalogues: CatalogueService) =>
        loadReferralsConfig(configDir(env.HAVEN_CONFIG_DIR), {
          urgencies: catalogues.keys('referral-urgencies'),
          organizationTypes: catalogues.keys('organization-types'),
        }),
    },
    ReferralsService,
    ReferralMovesService,
    ReferralReadsService,
    ReferralBoxesService,
    ProviderStaysService,
    ReferralRepository,
    ReferralTransitionRepository,
    StayRepository,
    ReferralsHandlers,
    ReferralRetentionService,
    ReferralEscalationsService,
    ReferralClosure,
    ReferralPrintReads,
    ReferralCaseMovesRepository,
    ReferralMergeParticipant,
    StayMergeParticipant,
    ReferralLinksService,
    ReferralLinkRepository,
  ],
  exports: [ReferralRetentionService, ReferralEscalationsService, ReferralPrintReads, ReferralLinksService],
})
export class ReferralsModule {
  constructor(
    access: AccessService,
    closures: CaseClosureRegistry,
    closure: ReferralClosure,
    moves: CaseMoveRegistry,
    referralMerge: ReferralMergeParticipant,
    stayMerge: StayMergeParticipant,
  ) {
    access.registerResource(REFERRAL_RESOURCE);
    access.registerResource(STAY_RESOURCE);
    closures.register(closure);
    moves.registerMerge(referralMerge);
    moves.registerMerge(stayMerge);
  }
}
