export { CasesModule } from './cases.module';
export { CaseRetentionService } from './case-retention.service';
export type { CaseAnonymisation, RetentionDueCase } from './case-retention.service';
export { CaseSharingService, SHAREABLE_FIELDS } from './case-sharing.service';
export type {
  CaseForSharing,
  MeasureFacts,
  SharedFieldKey,
  SharedSurvivorFields,
  SharingConsent,
} from './case-sharing.service';
export { CaseClosureRegistry } from './case-closure';
export type { CaseClosure, CaseClosureParticipant, ClosureBlocker } from './case-closure';
export { CaseMoveRegistry } from './case-moves';
export type {
  CaseMerge,
  CaseMergeParticipant,
  CaseTransfer,
  CaseTransferParticipant,
  CaseUnmerge,
} from './case-moves';
export { RISK_LEVELS } from './domain/risk';
export { CASE_PRINT_ACTION, CasePrintReads } from './case-print.reads';
export type {
  CaseIncident,
  CaseNote,
  CasePrintout,
  CaseTransition,
  ConsentRecord,
  PrintedSurvivor,
  ProtectionMeasure,
  RiskAssessmentEntry,
} from './case-print.reads';
/** The module's personal-data declarations (the seed's pre-encrypted pools, documentation). */
export {
  CASE_DATA,
  CLOSURE_REQUEST_DATA,
  CONSENT_DATA,
  NOTE_DATA,
  PROTECTION_MEASURE_DATA,
  REPORTER_DATA,
  RISK_ASSESSMENT_DATA,
  SURVIVOR_DATA,
  TRANSITION_DATA,
} from './cases.personal-data';
export { SafetyPlanService } from './safety-plan.service';
export { CaseWorkPrintReads } from './case-work-print.reads';
export type { PrintedSafetyPlan, PrintedService, PrintedTransfer } from './case-work-print.reads';
export { CASE_SERVICE_DATA, SAFETY_PLAN_DATA } from './safety-plan.personal-data';
