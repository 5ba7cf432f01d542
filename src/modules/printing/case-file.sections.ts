import { Injectable } from '@nestjs/common';
import { AssessmentPrintReads } from '../assessments';
import { CaseWorkPrintReads } from '../cases';
import { DocumentPrintReads } from '../documents';
import { FollowUpPrintReads } from '../followups';
import { IdentityDirectoryService } from '../identity';
import { PlanPrintReads } from '../plans';
import { ReferralPrintReads } from '../referrals';
import type { CaseFileSection } from './sections/case-file-section';
import {
  documentsSection,
  safetyPlanSection,
  servicesSection,
  transfersSection,
} from './sections/case-parts-sections';
import { assessmentsSection, casePlanSection } from './sections/case-work-sections';
import {
  CONSENTS_SECTION,
  HEADER_SECTION,
  INCIDENTS_SECTION,
  MEASURES_SECTION,
  NOTES_SECTION,
  RISK_SECTION,
  STATUS_SECTION,
  SURVIVOR_SECTION,
} from './sections/file-sections';
import { followUpsSection, referralsSection } from './sections/linked-sections';

export type { CaseFilePrint, CaseFileSection, SectionContent } from './sections/case-file-section';

/** The owning modules' reads the case-work sections are built on (one provider, so the list stays short). */
@Injectable()
export class CaseWorkReads {
  constructor(
    readonly assessments: AssessmentPrintReads,
    readonly plans: PlanPrintReads,
    readonly cases: CaseWorkPrintReads,
    readonly documents: DocumentPrintReads,
    readonly identity: IdentityDirectoryService,
  ) {}
}

/**
 * The sections of a printed case file, in their order on paper: who and what happened, risk and safety,
 * the assessments and the plan, the help given (services, referrals, follow-ups, protection measures),
 * consents and documents, notes, then the file's own history (transfers, status). To add one: inject the
 * owning module's read service here, write a builder (sections/*.ts, an object implementing
 * CaseFileSection) and put it in the list.
 */
@Injectable()
export class CaseFileSections {
  readonly list: readonly CaseFileSection[];

  constructor(referrals: ReferralPrintReads, followUps: FollowUpPrintReads, work: CaseWorkReads) {
    this.list = [
      HEADER_SECTION,
      SURVIVOR_SECTION,
      INCIDENTS_SECTION,
      RISK_SECTION,
      safetyPlanSection(work.cases),
      assessmentsSection(work.assessments),
      casePlanSection(work.plans),
      servicesSection(work.cases),
      referralsSection(referrals),
      followUpsSection(followUps),
      MEASURES_SECTION,
      CONSENTS_SECTION,
      documentsSection(work.documents),
      NOTES_SECTION,
      transfersSection(work.cases, work.identity),
      STATUS_SECTION,
    ];
  }
}
