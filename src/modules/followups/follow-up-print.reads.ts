import { Injectable } from '@nestjs/common';
import type { Queryable } from '../../platform/database';
import { FollowUpLine, FollowUpRepository } from './follow-up.repository';

export type { FollowUpLine } from './follow-up.repository';

/**
 * The follow-ups of a case for its printed file (issue 15, the printing module): kind, due time, status,
 * outcome; never the note. The caller decided case.print and audits the print in the transaction given.
 */
@Injectable()
export class FollowUpPrintReads {
  constructor(private readonly followUps: FollowUpRepository) {}

  /** Open first by due time, then the others newest due first. */
  linesOfCase(m: Queryable, caseId: string): Promise<FollowUpLine[]> {
    return this.followUps.listForCase(m, caseId);
  }
}
