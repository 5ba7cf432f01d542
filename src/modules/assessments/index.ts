export { AssessmentsModule } from './assessments.module';
export { AssessmentRetentionService } from './assessment-retention.service';

/** The module's personal-data declarations (documentation, the marker test). */
export { ASSESSMENT_DATA } from './assessments.personal-data';
export { AssessmentPrintReads } from './assessment-print.reads';
export type { PrintedAssessment } from './assessment-print.reads';
export type { AnswerValue, FormDefinition, FormQuestion } from './domain/form';
