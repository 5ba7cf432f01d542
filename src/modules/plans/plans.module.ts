import { Module } from '@nestjs/common';
import { CatalogueService } from '../../platform/catalogues';
import { configDir, ENV, Env } from '../../platform/config';
import { AccessModule } from '../access';
import { AuditModule } from '../audit';
import { CaseMoveRegistry, CasesModule } from '../cases';
import { DirectoryModule } from '../directory';
import { FollowupsModule, RetentionParticipants } from '../followups';
import { IdentityModule } from '../identity';
import { ReferralsModule } from '../referrals';
import { CasePlanRepository } from './case-plan.repository';
import { PlanItemsRepository } from './plan-items.repository';
import { PlanMoves } from './plan-moves';
import { PlanPrintReads } from './plan-print.reads';
import { PlanReadsService } from './plan-reads.service';
import { PlanView } from './plan-view';
import { loadPlansConfig, PLANS_CONFIG } from './plans.config';
import { CasePlanController, PlanApprovalsController } from './plans.controller';
import { PlansService } from './plans.service';
import './plans.errors';
import './plans.personal-data';

/** The case plan: goals by needs area, actions, versions approved by a supervisor, reviews (issue 15). */
@Module({
  imports: [
    AuditModule,
    IdentityModule,
    AccessModule,
    DirectoryModule,
    CasesModule,
    ReferralsModule,
    FollowupsModule,
  ],
  controllers: [CasePlanController, PlanApprovalsController],
  providers: [
    {
      provide: PLANS_CONFIG,
      inject: [ENV, CatalogueService],
      useFactory: (env: Env, catalogues: CatalogueService) =>
        loadPlansConfig(configDir(env.HAVEN_CONFIG_DIR), {
          organizationTypes: catalogues.keys('organization-types'),
        }),
    },
    PlansService,
    PlanReadsService,
    PlanView,
    PlanMoves,
    CasePlanRepository,
    PlanItemsRepository,
    PlanPrintReads,
  ],
  exports: [PlanPrintReads],
})
export class PlansModule {
  constructor(moves: CaseMoveRegistry, retention: RetentionParticipants, plans: PlanMoves) {
    moves.registerMerge(plans);
    retention.register(plans);
  }
}
