import { Injectable } from '@nestjs/common';
import { col, Queryable, rowShape, updateReturning } from '../../../platform/database';

const MOVED = rowShape('moved rows', { id: col.uuid() });

/**
 * A merge of cases moves the merged case's referrals and stays to the surviving case (with its reference,
 * the case_facts read model's), and its undo gives exactly those rows back.
 */
@Injectable()
export class ReferralCaseMovesRepository {
  async moveReferrals(m: Queryable, fromCaseId: string, toCaseId: string): Promise<string[]> {
    const rows = await updateReturning(
      m,
      `UPDATE referrals SET case_id = $2, reference = (SELECT reference FROM case_facts WHERE id = $2)
        WHERE case_id = $1 RETURNING id`,
      [fromCaseId, toCaseId],
    );
    return MOVED.parseAll(rows).map((r) => r.id);
  }

  async giveBackReferrals(
    m: Queryable,
    ids: readonly string[],
    fromCaseId: string,
    toCaseId: string,
  ): Promise<void> {
    await updateReturning(
      m,
      `UPDATE referrals SET case_id = $2, reference = (SELECT reference FROM case_facts WHERE id = $2)
        WHERE case_id = $1 AND id = ANY($3::uuid[]) RETURNING id`,
      [fromCaseId, toCaseId, ids],
    );
  }

  async moveStays(m: Queryable, fromCaseId: string, toCaseId: string): Promise<string[]> {
    const rows = await updateReturning(
      m,
      `UPDATE stays SET case_id = $2, reference = (SELECT reference FROM case_facts WHERE id = $2)
        WHERE case_id = $1 RETURNING id`,
      [fromCaseId, toCaseId],
    );
    return MOVED.parseAll(rows).map((r) => r.id);
  }

  async giveBackStays(
    m: Queryable,
    ids: readonly string[],
    fromCaseId: string,
    toCaseId: string,
  ): Promise<void> {
    await updateReturning(
      m,
      `UPDATE stays SET case_id = $2, reference = (SELECT reference FROM case_facts WHERE id = $2)
        WHERE case_id = $1 AND id = ANY($3::uuid[]) RETURNING id`,
      [fromCaseId, toCaseId, ids],
    );
  }
}
