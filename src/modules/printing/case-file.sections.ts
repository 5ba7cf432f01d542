import { Injectable } from '@nestjs/common';
import { FollowUpPrintReads } from '../followups';
import { ReferralPrintReads } from '../referrals';
import type { CaseFileSection } from './sections/case-file-section';
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

/**
 * The sections of a printed case file, in their order on paper. To add one (the assessments, the case
 * plan, the safety plan, services given, documents…): inject the owning module's read service here, write
 * a builder (sections/*.ts, an object implementing CaseFileSection) and put it in the list.
 */
@Injectable()
export class CaseFileSections {
  readonly list: readonly CaseFileSection[];

  constructor(referrals: ReferralPrintReads, followUps: FollowUpPrintReads) {
    this.list = [
      HEADER_SECTION,
      SURVIVOR_SECTION,
      INCIDENTS_SECTION,
      RISK_SECTION,
      CONSENTS_SECTION,
      MEASURES_SECTION,
      referralsSection(referrals),
      followUpsSection(followUps),
      NOTES_SECTION,
      STATUS_SECTION,
    ];
  }
}
