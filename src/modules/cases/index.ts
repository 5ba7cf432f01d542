export { CasesModule } from './cases.module';
export { CasesService } from './cases.service';
export { CaseSharingService, SHAREABLE_FIELDS } from './case-sharing.service';
export type {
  CaseForSharing,
  SharedFieldKey,
  SharedSurvivorFields,
  SharingConsent,
} from './case-sharing.service';
