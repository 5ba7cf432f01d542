import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit';
import { CaseTransfer, CaseTransferParticipant } from '../cases';
import { FollowUpTransferRepository } from './follow-up-transfer.repository';

/**
 * The follow-ups' part in a transfer's acceptance (docs/ARCHITECTURE.md "Transfers"): the case's open
 * follow-ups go with it to the receiving organisation, to the case's new assignee or to none (its
 * supervisors then see them as unassigned); each move audited. Done and cancelled ones stay as they were.
 */
@Injectable()
export class FollowUpTransfer implements CaseTransferParticipant {
  readonly name = 'follow_ups';

  constructor(
    private readonly audit: AuditService,
    private readonly followUps: FollowUpTransferRepository,
  ) {}

  async transferred(m: EntityManager, t: CaseTransfer): Promise<void> {
    const assigneeId = await this.followUps.caseAssignee(m, t.caseId);
    const moved = await this.followUps.moveOpenOfCase(m, t.caseId, t.toOrganizationId, assigneeId);
    for (const id of moved) {
      await this.audit.record(m, {
        action: 'follow_up.transferred',
        actor: t.actor.user,
        entityType: 'follow_up',
        entityId: id,
        caseId: t.caseId,
        reasonCode: `transfer_${t.transferId}`,
        requestId: t.actor.requestId,
      });
    }
  }
}
