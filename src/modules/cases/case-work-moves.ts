import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseMerge, CaseMergeParticipant, CaseMoveRegistry, CaseUnmerge } from './case-moves';
import { CaseServiceMoves } from './repositories/case-service.repository';

/**
 * The services given on a merged case move to the surviving case (and back on the undo: only those).
 * The safety plan does not move: the surviving case keeps its own plan (a plan is one per case and is
 * made with the survivor); the merged case's plan and its history stay readable on the merged case.
 */
@Injectable()
export class CaseWorkMoves implements CaseMergeParticipant {
  readonly name = 'cases.case_services';

  constructor(
    moves: CaseMoveRegistry,
    private readonly services: CaseServiceMoves,
  ) {
    moves.registerMerge(this);
  }

  merge(m: EntityManager, merge: CaseMerge): Promise<string[]> {
    return this.services.moveAll(m, merge.mergedCaseId, merge.survivingCaseId);
  }

  unmerge(m: EntityManager, undo: CaseUnmerge): Promise<void> {
    return this.services.moveBack(m, undo.ids, undo.mergedCaseId);
  }
}
