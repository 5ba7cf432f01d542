import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CaseMerge, CaseMergeParticipant, CaseUnmerge } from '../cases';
import { ReferralCaseMovesRepository } from './repositories/referral-case-moves.repository';

/**
 * The referrals' part in a merge of two cases (registered with the cases' CaseMoveRegistry): the merged
 * case's referrals (with their transitions, which hang on the referral) move to the surviving case and take
 * its reference; the undo gives exactly those back.
 */
@Injectable()
export class ReferralMergeParticipant implements CaseMergeParticipant {
  readonly name = 'referrals';

  constructor(private readonly moves: ReferralCaseMovesRepository) {}

  merge(m: EntityManager, merge: CaseMerge): Promise<string[]> {
    return this.moves.moveReferrals(m, merge.mergedCaseId, merge.survivingCaseId);
  }

  unmerge(m: EntityManager, undo: CaseUnmerge): Promise<void> {
    return this.moves.giveBackReferrals(m, undo.ids, undo.survivingCaseId, undo.mergedCaseId);
  }
}

/** The stays at safe houses and trusted addresses of the merged case, moved likewise. */
@Injectable()
export class StayMergeParticipant implements CaseMergeParticipant {
  readonly name = 'referrals.stays';

  constructor(private readonly moves: ReferralCaseMovesRepository) {}

  merge(m: EntityManager, merge: CaseMerge): Promise<string[]> {
    return this.moves.moveStays(m, merge.mergedCaseId, merge.survivingCaseId);
  }

  unmerge(m: EntityManager, undo: CaseUnmerge): Promise<void> {
    return this.moves.giveBackStays(m, undo.ids, undo.survivingCaseId, undo.mergedCaseId);
  }
}
