import { Module } from '@nestjs/common';
import { CatalogueService } from '../../platform/catalogues';
import { configDir, ENV, Env } from '../../platform/config';
import { AccessModule, AccessService } from '../access';
import { AuditModule } from '../audit';
import { DirectoryModule } from '../directory';
import { GeographyModule } from '../geography';
import { IdentityModule } from '../identity';
import { NotificationsModule } from '../notifications';
import { CaseFileController } from './case-file.controller';
import { CaseClosureRegistry } from './case-closure';
import { CaseMoveRegistry } from './case-moves';
import { DuplicateCheckLimit } from './duplicate-check-limit';
import { CaseFileService } from './case-file.service';
import { CaseFileAccess } from './case-file-access';
import { CaseUpdateService } from './case-update.service';
import { CaseNotesService } from './case-notes.service';
import { CaseConsentsService } from './case-consents.service';
import { CaseIncidentsService } from './case-incidents.service';
import { ProtectionMeasuresService } from './protection-measures.service';
import { CaseFileRepository } from './repositories/case-file.repository';
import { CaseStateRepository } from './repositories/case-state.repository';
import { NoteRepository } from './repositories/note.repository';
import { ConsentRepository } from './repositories/consent.repository';
import { ProtectionMeasureRepository } from './repositories/protection-measure.repository';
import { CaseTransitionRepository } from './repositories/case-transition.repository';
import { ClosureRequestRepository } from './repositories/closure-request.repository';
import { CaseSharingRepository } from './repositories/case-sharing.repository';
import { CaseHistoryRepository } from './repositories/case-history.repository';
import { CaseHistoryController } from './case-history.controller';
import { CaseHistoryService } from './case-history.service';
import { CaseSharingService } from './case-sharing.service';
import { CaseRetentionService } from './case-retention.service';
import { CaseDuplicates } from './case-duplicates';
import { CaseIntakeRules } from './case-intake';
import { CASES_CONFIG, loadCasesConfig } from './cases.config';
import { relationshipGroupsFrom } from './domain/context';
import { CaseWorkflowService } from './case-workflow.service';
import { CasesController } from './cases.controller';
import { CaseIntakeService } from './case-intake.service';
import { CaseListService } from './case-list.service';
import { CaseReadService } from './case-read.service';
import { CasePrintReads } from './case-print.reads';
import { CaseWorkPrintReads } from './case-work-print.reads';
import { CaseRepository } from './repositories/case.repository';
import { CaseRetentionRepository } from './repositories/case-retention.repository';
import { IncidentRepository } from './repositories/incident.repository';
import { ReporterRepository } from './repositories/reporter.repository';
import { RiskAssessmentRepository } from './repositories/risk-assessment.repository';
import { SurvivorRepository } from './repositories/survivor.repository';
import { CASE_RESOURCE } from './case.resource';
import { ProtectionMeasureClosure } from './protection-measure-closure';
import { CasesHandlers } from './jobs/cases.handlers';
import { CaseWorkController } from './case-work.controller';
import { SafetyPlanService } from './safety-plan.service';
import { CaseServicesService } from './case-services.service';
import { IncidentCorrectionService } from './incident-correction.service';
import { SafetyPlanRepository } from './repositories/safety-plan.repository';
import { CaseServiceMoves, CaseServiceRepository } from './repositories/case-service.repository';
import { CaseWorkMoves } from './case-work-moves';
import { IncidentCorrectionRepository } from './repositories/incident-correction.repository';
import './cases.personal-data';
import { CaseMergesController } from './case-merges.controller';
import { CaseLinksService } from './case-links.service';
import { CaseMergesService } from './case-merges.service';
import { CaseRecordMoves } from './case-record-moves';
import { CaseMergeRepository } from './repositories/case-merge.repository';
import { CaseRecordMovesRepository } from './repositories/case-record-moves.repository';
import './safety-plan.personal-data';
import './case-work.errors';
import './cases.errors';
import './case-merge.errors';

import { TRANSFER_CONTROLLERS, TRANSFER_PROVIDERS, registerTransfers } from './case-transfers';
import { TransferClosure } from './transfer-closure';

@Module({
  imports: [GeographyModule, AuditModule, IdentityModule, AccessModule, NotificationsModule, DirectoryModule],
  controllers: [
    CasesController,
    CaseFileController,
    CaseHistoryController,
    CaseMergesController,
    CaseWorkController,
    ...TRANSFER_CONTROLLERS,
  ],
  providers: [
    {
      provide: CASES_CONFIG,
      inject: [ENV, CatalogueService],
      useFactory: (env: Env, catalogues: CatalogueService) =>
        loadCasesConfig(configDir(env.HAVEN_CONFIG_DIR), {
          organizationTypes: catalogues.keys('organization-types'),
          violenceTypes: catalogues.keys('violence-types'),
          relationshipGroups: relationshipGroupsFrom(catalogues.get('relationships')?.items ?? []),
        }),
    },
    CaseIntakeRules,
    DuplicateCheckLimit,
    CaseDuplicates,
    CaseIntakeService,
    CaseListService,
    CaseReadService,
    CaseRepository,
    SurvivorRepository,
    ReporterRepository,
    IncidentRepository,
    RiskAssessmentRepository,
    CaseRetentionRepository,
    CaseFileService,
    CaseFileAccess,
    CaseUpdateService,
    CaseNotesService,
    CaseConsentsService,
    CaseIncidentsService,
    ProtectionMeasuresService,
    CaseFileRepository,
    CaseStateRepository,
    NoteRepository,
    ConsentRepository,
    ProtectionMeasureRepository,
    CaseTransitionRepository,
    ClosureRequestRepository,
    CaseSharingRepository,
    CaseHistoryRepository,
    CaseHistoryService,
    CaseWorkflowService,
    CasesHandlers,
    CaseSharingService,
    CaseRetentionService,
    CaseClosureRegistry,
    CaseMoveRegistry,
    ProtectionMeasureClosure,
    CasePrintReads,
    CaseWorkPrintReads,
    CaseLinksService,
    CaseMergesService,
    CaseMergeRepository,
    CaseRecordMovesRepository,
    CaseRecordMoves,
    SafetyPlanService,
    CaseServicesService,
    IncidentCorrectionService,
    SafetyPlanRepository,
    CaseServiceRepository,
    IncidentCorrectionRepository,
    CaseServiceMoves,
    CaseWorkMoves,
    ...TRANSFER_PROVIDERS,
  ],
  exports: [
    CaseSharingService,
    CaseRetentionService,
    CaseClosureRegistry,
    CaseMoveRegistry,
    CasePrintReads,
    CaseWorkPrintReads,
    SafetyPlanService,
  ],
})
export class CasesModule {
  constructor(
    access: AccessService,
    closures: CaseClosureRegistry,
    measures: ProtectionMeasureClosure,
    moves: CaseMoveRegistry,
    records: CaseRecordMoves,
    transferClosure: TransferClosure,
  ) {
    access.registerResource(CASE_RESOURCE);
    closures.register(measures);
    for (const p of records.participants()) moves.registerMerge(p);
    registerTransfers(access, closures, transferClosure);
  }
}
