import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxService } from '../../platform/outbox';
import { ReferralRepository } from './repositories/referral.repository';

/**
 * Referrals still unanswered (`sent`) past their dueBy (docs/DESIGN.md §4–5), for the follow-ups scan.
 * `escalated_at` is set and the `referral.overdue` event written in the caller's transaction, so each
 * referral is escalated once, whatever the number of workers scanning.
 */
@Injectable()
export class ReferralEscalationsService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly referrals: ReferralRepository,
  ) {}

  /** Claims up to `limit` overdue referrals (others' locks are skipped) and escalates them; returns how many. */
  async escalateOverdue(manager: EntityManager, limit: number): Promise<number> {
    const rows = await this.referrals.claimOverdue(manager, limit);
    for (const r of rows) {
      await this.outbox.write(manager, 'referral.overdue', {
        referralId: r.id,
        caseId: r.caseId,
        reference: r.reference,
        referringOrganizationId: r.referringOrganizationId,
        recipientOrganizationId: r.recipientOrganizationId,
        dueBy: r.dueBy.toISOString(),
      });
    }
    return rows.length;
  }
}
