export { CasesModule } from './cases.module';
export { CasesService } from './cases.service';
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
export { RISK_LEVELS } from './domain/risk';
