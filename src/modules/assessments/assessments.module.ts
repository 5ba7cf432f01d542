import { Module } from '@nestjs/common';
import { AccessModule } from '../access';
import { AuditModule } from '../audit';
import { CaseMoveRegistry, CasesModule } from '../cases';
import { AssessmentMoves } from './assessment-moves';
import { AssessmentPrintReads } from './assessment-print.reads';
import { AssessmentRetentionService } from './assessment-retention.service';
import { AssessmentsService } from './assessments.service';
import { CaseAssessmentsController, FormsController } from './assessments.controller';
import './assessments.errors';
import './assessments.personal-data';
import { FormsService } from './forms.service';
import { AssessmentRepository } from './repositories/assessment.repository';
import { FormVersionRepository } from './repositories/form-version.repository';

/** Assessments of a case with forms as data (config/forms; docs/ARCHITECTURE.md "Assessments as data"). */
@Module({
  imports: [AuditModule, AccessModule, CasesModule],
  controllers: [FormsController, CaseAssessmentsController],
  providers: [
    FormsService,
    AssessmentsService,
    AssessmentRepository,
    FormVersionRepository,
    AssessmentMoves,
    AssessmentRetentionService,
    AssessmentPrintReads,
  ],
  exports: [AssessmentRetentionService, AssessmentPrintReads],
})
export class AssessmentsModule {
  constructor(moves: CaseMoveRegistry, participant: AssessmentMoves) {
    moves.registerMerge(participant);
  }
}
