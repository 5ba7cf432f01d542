import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseClosure, CaseClosureParticipant, ClosureBlocker } from '../cases';
import { ReferralMovesService } from './referral-moves.service';
import { ReferralRepository } from './repositories/referral.repository';

/**
 * The referrals' part in a case's closure (registered with the cases' CaseClosureRegistry): a referral
 * accepted or in service keeps the case open (a survivor in a safe house is not discharged on paper);
 * one still `sent` is cancelled with the closure's reason, and its provider is told like of any
 * cancellation (referral.status_changed).
 */
@Injectable()
export class ReferralClosure implements CaseClosureParticipant {
  readonly name = 'referrals';

  constructor(
    private readonly moves: ReferralMovesService,
    private readonly referrals: ReferralRepository,
  ) {}

  async blockers(m: EntityManager, caseId: string): Promise<ClosureBlocker[]> {
    // Locked: a provider's acceptance waits for the closure and then finds the referral cancelled.
    const rows = await this.referrals.lockOpenOfCase(m, caseId);
    return rows
      .filter((r) => r.status !== 'sent')
      .map((r) => ({ kind: 'referral', id: r.id, status: r.status }));
  }

  async close(m: EntityManager, closure: CaseClosure): Promise<void> {
    await this.moves.cancelForClosure(m, closure);
  }
}
