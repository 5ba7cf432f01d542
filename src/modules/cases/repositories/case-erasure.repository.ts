import { Injectable } from '@nestjs/common';
import { CryptoService, Fields, PersonalData } from '../../../platform/crypto';
import { changedCount, ident, Queryable, updateStatement } from '../../../platform/database';
import * as declared from '../cases.personal-data';

/** The cases module's declarations of records tied to a case: what retention erases. */
export const CASE_TIED_DATA: readonly PersonalData<Fields>[] = (Object.values(declared) as unknown[]).filter(
  (d): d is PersonalData<Fields> => d instanceof PersonalData && d.caseColumn !== undefined,
);

/**
 * Erases a case's personal data in the case module's tables, through each declaration's `erasure`
 * (encrypted columns to NULL or their encrypted `erasedTo`, blind indexes cleared).
 */
@Injectable()
export class CaseErasureRepository {
  constructor(private readonly crypto: CryptoService) {}

  /**
   * Erases every declared record of the case; how many rows changed per table. A record kept once per case
   * (survivor, reporter: keyed by the case) and a record whose every field has an erased value (notes,
   * risk assessments) count every row; other records count only the rows that still held something.
   */
  async eraseCase(m: Queryable, caseId: string): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const d of CASE_TIED_DATA) {
      const caseColumn = ident(d.caseColumn ?? '');
      const holds = d.idColumn === d.caseColumn ? '' : d.holdsAnyCondition();
      const s = updateStatement(
        d.table,
        d.erasure(this.crypto),
        (p) => `${caseColumn} = ${p.add(caseId)}` + (holds === '' ? '' : ` AND (${holds})`),
      );
      counts.set(d.table, await changedCount(m, s.text, s.values));
    }
    return counts;
  }
}
