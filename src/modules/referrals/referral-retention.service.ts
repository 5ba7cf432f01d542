import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** What anonymising one case changed in the referral module's tables (row counts, no content). */
export interface ReferralAnonymisation {
  referrals: number;
  transitions: number;
}

/**
 * Retention for the referral module (docs/DESIGN.md §7): the free texts of a case's referrals (note, override
 * reason, the reasons of their transitions) are destroyed; services, urgency, statuses and dates stay for
 * the statistics. Runs in the caller's transaction, with the case locked by the case module.
 */
@Injectable()
export class ReferralRetentionService {
  async anonymiseCase(manager: EntityManager, caseId: string): Promise<ReferralAnonymisation> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('ReferralRetentionService.anonymiseCase must run inside a transaction');
    }
    const [, transitions] = await manager.query<[unknown, number]>(
      `UPDATE referral_transitions SET reason_text_enc = NULL
        WHERE referral_id IN (SELECT id FROM referrals WHERE case_id = $1) AND reason_text_enc IS NOT NULL`,
      [caseId],
    );
    const [, referrals] = await manager.query<[unknown, number]>(
      `UPDATE referrals SET note_enc = NULL, override_reason_enc = NULL
        WHERE case_id = $1 AND (note_enc IS NOT NULL OR override_reason_enc IS NOT NULL)`,
      [caseId],
    );
    return { referrals, transitions };
  }
}
