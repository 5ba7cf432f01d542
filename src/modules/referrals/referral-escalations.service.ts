import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxService } from '../../platform/outbox';

interface OverdueRow {
  id: string;
  case_id: string;
  reference: string;
  referring_organization_id: string;
  recipient_organization_id: string;
  due_by: Date;
}

/**
 * Referrals still unanswered (`sent`) past their dueBy (docs/DESIGN.md §4–5), for the follow-ups scan.
 * `escalated_at` is set and the `referral.overdue` event written in the caller's transaction, so each
 * referral is escalated once, whatever the number of workers scanning.
 */
@Injectable()
export class ReferralEscalationsService {
  constructor(private readonly outbox: OutboxService) {}

  /** Claims up to `limit` overdue referrals (others' locks are skipped) and escalates them; returns how many. */
  async escalateOverdue(manager: EntityManager, limit: number): Promise<number> {
    // version and updated_at stay: the escalation is no move of the referral, and must not make a
    // person's concurrent answer fail its version check.
    const rows = await manager.query<OverdueRow[]>(
      `WITH due AS (
         SELECT id FROM referrals
          WHERE status = 'sent' AND escalated_at IS NULL AND due_by <= now()
          ORDER BY due_by LIMIT $1 FOR UPDATE SKIP LOCKED
       ), moved AS (
         UPDATE referrals r SET escalated_at = now() FROM due WHERE r.id = due.id
         RETURNING r.id, r.case_id, r.reference, r.referring_organization_id, r.recipient_organization_id, r.due_by
       )
       SELECT * FROM moved`,
      [limit],
    );
    for (const r of rows) {
      await this.outbox.write(manager, 'referral.overdue', {
        referralId: r.id,
        caseId: r.case_id,
        reference: r.reference,
        referringOrganizationId: r.referring_organization_id,
        recipientOrganizationId: r.recipient_organization_id,
        dueBy: r.due_by.toISOString(),
      });
    }
    return rows.length;
  }
}
