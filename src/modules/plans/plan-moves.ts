import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CaseMerge, CaseMergeParticipant, CaseUnmerge } from '../cases';
import type { RetentionParticipant } from '../followups';
import { CasePlanRepository } from './case-plan.repository';
import { PlanItemsRepository } from './plan-items.repository';

/**
 * The case plan's part in case moves and retention: on a merge the merged case's plan versions (goals and
 * actions with them) move to the surviving case, and exactly those go back on the undo; retention erases
 * the plans' declared personal data with the case's.
 */
@Injectable()
export class PlanMoves implements CaseMergeParticipant, RetentionParticipant {
  readonly name = 'plans';

  constructor(
    private readonly plans: CasePlanRepository,
    private readonly items: PlanItemsRepository,
  ) {}

  merge(m: EntityManager, merge: CaseMerge): Promise<string[]> {
    return this.plans.moveCase(m, merge.mergedCaseId, merge.survivingCaseId);
  }

  async unmerge(m: EntityManager, undo: CaseUnmerge): Promise<void> {
    await this.plans.moveBack(m, undo.ids, undo.mergedCaseId);
  }

  async eraseForCase(m: EntityManager, caseId: string): Promise<number> {
    return (await this.plans.eraseForCase(m, caseId)) + (await this.items.eraseForCase(m, caseId));
  }
}
