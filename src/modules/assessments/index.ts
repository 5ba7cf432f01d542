export { AssessmentsModule } from './assessments.module';
export { AssessmentRetentionService } from './assessment-retention.service';

/** The module's personal-data declarations (documentation, the marker test). */
export { ASSESSMENT_DATA } from './assessments.personal-data';
