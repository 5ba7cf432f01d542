import { Injectable } from '@nestjs/common';
import { col, Queryable, rowShape, updateReturning } from '../../platform/database';

const MOVED = rowShape('moved rows', { id: col.uuid() });

/**
 * A merge of cases moves the merged case's follow-ups (open or done) to the surviving case, with its
 * reference (the case_facts read model's); the undo gives exactly those rows back.
 */
@Injectable()
export class FollowUpCaseMovesRepository {
  async move(m: Queryable, fromCaseId: string, toCaseId: string): Promise<string[]> {
    const rows = await updateReturning(
      m,
      `UPDATE follow_ups SET case_id = $2, reference = (SELECT reference FROM case_facts WHERE id = $2),
              updated_at = now(), version = version + 1
        WHERE case_id = $1 RETURNING id`,
      [fromCaseId, toCaseId],
    );
    return MOVED.parseAll(rows).map((r) => r.id);
  }

  async giveBack(m: Queryable, ids: readonly string[], fromCaseId: string, toCaseId: string): Promise<void> {
    await updateReturning(
      m,
      `UPDATE follow_ups SET case_id = $2, reference = (SELECT reference FROM case_facts WHERE id = $2),
              updated_at = now(), version = version + 1
        WHERE case_id = $1 AND id = ANY($3::uuid[]) RETURNING id`,
      [fromCaseId, toCaseId, ids],
    );
  }
}
