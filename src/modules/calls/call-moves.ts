import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseMerge, CaseMergeParticipant, CaseUnmerge } from '../cases';
import { CallRepository } from './call.repository';

/**
 * Calls follow a merged case to the surviving one, and exactly those go back on the undo. A transfer moves
 * nothing: a call stays in the log of the organisation that took it.
 */
@Injectable()
export class CallMerge implements CaseMergeParticipant {
  readonly name = 'calls';

  constructor(private readonly calls: CallRepository) {}

  merge(m: EntityManager, merge: CaseMerge): Promise<string[]> {
    return this.calls.moveCase(m, merge.mergedCaseId, merge.survivingCaseId);
  }

  unmerge(m: EntityManager, undo: CaseUnmerge): Promise<void> {
    return this.calls.moveBack(m, undo.ids, undo.survivingCaseId, undo.mergedCaseId);
  }
}
