import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ReferralTransitionRepository } from './repositories/referral-transition.repository';
import { ReferralRepository } from './repositories/referral.repository';

/** What anonymising one case changed in the referral module's tables (row counts, no content). */
export interface ReferralAnonymisation {
  referrals: number;
  transitions: number;
}

/**
 * Retention for the referral module (docs/DESIGN.md §7): the free texts of a case's referrals (note, override
 * reason, the reasons of their transitions) are erased as their declarations say; services, urgency,
 * statuses and dates stay for the statistics. Runs in the caller's transaction, with the case locked by
 * the case module.
 */
@Injectable()
export class ReferralRetentionService {
  constructor(
    private readonly referrals: ReferralRepository,
    private readonly transitions: ReferralTransitionRepository,
  ) {}

  async anonymiseCase(manager: EntityManager, caseId: string): Promise<ReferralAnonymisation> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('ReferralRetentionService.anonymiseCase must run inside a transaction');
    }
    const transitions = await this.transitions.eraseForCase(manager, caseId);
    const referrals = await this.referrals.eraseForCase(manager, caseId);
    return { referrals, transitions };
  }
}
