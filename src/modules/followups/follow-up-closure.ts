import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit';
import { CaseClosure, CaseClosureParticipant, ClosureBlocker } from '../cases';
import { FollowUpRepository } from './follow-up.repository';

/**
 * The follow-ups' part in a case's closure: none keeps the case open, and every open one is closed with
 * it (status cancelled, no reminder left), audited with the closure's reason code, so nothing reminds
 * anyone of a closed case.
 */
@Injectable()
export class FollowUpClosure implements CaseClosureParticipant {
  readonly name = 'follow_ups';

  constructor(
    private readonly audit: AuditService,
    private readonly followUps: FollowUpRepository,
  ) {}

  blockers(): Promise<ClosureBlocker[]> {
    return Promise.resolve([]);
  }

  async close(m: EntityManager, closure: CaseClosure): Promise<void> {
    const closed = await this.followUps.cancelOpenOfCase(
      m,
      closure.caseId,
      closure.at,
      closure.actor.user.id,
    );
    for (const id of closed) {
      await this.audit.record(m, {
        action: 'follow_up.cancelled',
        actor: closure.actor.user,
        entityType: 'follow_up',
        entityId: id,
        caseId: closure.caseId,
        reasonCode: `case_closed_${closure.reasonCode}`,
        requestId: closure.actor.requestId,
      });
    }
  }
}
