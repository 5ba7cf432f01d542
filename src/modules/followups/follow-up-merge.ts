import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CaseMerge, CaseMergeParticipant, CaseUnmerge } from '../cases';
import { FollowUpCaseMovesRepository } from './follow-up-case-moves.repository';

/**
 * The follow-ups' part in a merge of two cases (registered with the cases' CaseMoveRegistry): the merged
 * case's follow-ups move to the surviving case (they keep their assignee and due date); the undo gives
 * exactly those back, and a follow-up added to the surviving case after the merge stays.
 */
@Injectable()
export class FollowUpMergeParticipant implements CaseMergeParticipant {
  readonly name = 'follow_ups';

  constructor(private readonly moves: FollowUpCaseMovesRepository) {}

  merge(m: EntityManager, merge: CaseMerge): Promise<string[]> {
    return this.moves.move(m, merge.mergedCaseId, merge.survivingCaseId);
  }

  unmerge(m: EntityManager, undo: CaseUnmerge): Promise<void> {
    return this.moves.giveBack(m, undo.ids, undo.survivingCaseId, undo.mergedCaseId);
  }
}
