import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CaseMerge, CaseMergeParticipant, CaseUnmerge } from '../cases';
import { AssessmentRepository } from './repositories/assessment.repository';

/**
 * The assessments' part in a merge of two cases (registered with the cases' CaseMoveRegistry): the
 * merged case's assessments move to the surviving case; the undo gives exactly those back. A transfer
 * needs nothing: assessments hang on the case, which keeps its id.
 */
@Injectable()
export class AssessmentMoves implements CaseMergeParticipant {
  readonly name = 'assessments';

  constructor(private readonly assessments: AssessmentRepository) {}

  merge(m: EntityManager, merge: CaseMerge): Promise<string[]> {
    return this.assessments.moveCase(m, merge.mergedCaseId, merge.survivingCaseId);
  }

  async unmerge(m: EntityManager, undo: CaseUnmerge): Promise<void> {
    await this.assessments.moveBack(m, undo.ids, undo.mergedCaseId);
  }
}
