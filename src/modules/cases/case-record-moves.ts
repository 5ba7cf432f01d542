import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CaseMerge, CaseMergeParticipant, CaseUnmerge } from './case-moves';
import { CaseRecordMovesRepository, CaseRecordTable } from './repositories/case-record-moves.repository';

/**
 * What of the case module's own records a merge moves: incidents, notes, consents, the risk assessments
 * (the history) and the protection measures. The survivor and reporter stay with their case (the surviving
 * case keeps its survivor record), and so do the workflow history, assignments and closure requests.
 */
const MOVED_TABLES: readonly CaseRecordTable[] = [
  'incidents',
  'notes',
  'consents',
  'risk_assessments',
  'protection_measures',
];

/** One participant per table, so the merge record and its audit count each kind apart. */
class CaseTableParticipant implements CaseMergeParticipant {
  readonly name: string;

  constructor(
    private readonly table: CaseRecordTable,
    private readonly moves: CaseRecordMovesRepository,
  ) {
    this.name = `cases.${table}`;
  }

  merge(m: EntityManager, merge: CaseMerge): Promise<string[]> {
    return this.moves.moveAll(m, this.table, merge.mergedCaseId, merge.survivingCaseId);
  }

  async unmerge(m: EntityManager, undo: CaseUnmerge): Promise<void> {
    await this.moves.moveBack(m, this.table, undo.ids, undo.survivingCaseId, undo.mergedCaseId);
  }
}

/** The case module's merge participants, registered in CasesModule's constructor. */
@Injectable()
export class CaseRecordMoves {
  constructor(private readonly moves: CaseRecordMovesRepository) {}

  participants(): CaseMergeParticipant[] {
    return MOVED_TABLES.map((t) => new CaseTableParticipant(t, this.moves));
  }
}
