import { Injectable } from '@nestjs/common';
import { col, Queryable, rowShape, updateReturning } from '../../../platform/database';

/** The case's own records that a merge moves (the survivor, reporter and the history stay with their case). */
export type CaseRecordTable = 'incidents' | 'notes' | 'consents' | 'risk_assessments' | 'protection_measures';

const MOVED = rowShape('moved rows', { id: col.uuid() });

/** One statement per table, written out so the table-ownership check reads every name. */
const MOVE: Record<CaseRecordTable, string> = {
  incidents: 'UPDATE incidents SET case_id = $2 WHERE case_id = $1 RETURNING id',
  notes: 'UPDATE notes SET case_id = $2 WHERE case_id = $1 RETURNING id',
  consents: 'UPDATE consents SET case_id = $2 WHERE case_id = $1 RETURNING id',
  risk_assessments: 'UPDATE risk_assessments SET case_id = $2 WHERE case_id = $1 RETURNING id',
  protection_measures: 'UPDATE protection_measures SET case_id = $2 WHERE case_id = $1 RETURNING id',
};

const GIVE_BACK: Record<CaseRecordTable, string> = {
  incidents: 'UPDATE incidents SET case_id = $2 WHERE case_id = $1 AND id = ANY($3::uuid[]) RETURNING id',
  notes: 'UPDATE notes SET case_id = $2 WHERE case_id = $1 AND id = ANY($3::uuid[]) RETURNING id',
  consents: 'UPDATE consents SET case_id = $2 WHERE case_id = $1 AND id = ANY($3::uuid[]) RETURNING id',
  risk_assessments:
    'UPDATE risk_assessments SET case_id = $2 WHERE case_id = $1 AND id = ANY($3::uuid[]) RETURNING id',
  protection_measures:
    'UPDATE protection_measures SET case_id = $2 WHERE case_id = $1 AND id = ANY($3::uuid[]) RETURNING id',
};

/** Moves the rows of the case's own tables from one case to another, and gives exactly them back. */
@Injectable()
export class CaseRecordMovesRepository {
  /** Every row of `table` on `fromCaseId` now on `toCaseId`; their ids. */
  async moveAll(
    m: Queryable,
    table: CaseRecordTable,
    fromCaseId: string,
    toCaseId: string,
  ): Promise<string[]> {
    const rows = await updateReturning(m, MOVE[table], [fromCaseId, toCaseId]);
    return MOVED.parseAll(rows).map((r) => r.id);
  }

  /** The rows `ids` still on `fromCaseId` back on `toCaseId`; how many. */
  async moveBack(
    m: Queryable,
    table: CaseRecordTable,
    ids: readonly string[],
    fromCaseId: string,
    toCaseId: string,
  ): Promise<number> {
    const rows = await updateReturning(m, GIVE_BACK[table], [fromCaseId, toCaseId, ids]);
    return rows.length;
  }
}
