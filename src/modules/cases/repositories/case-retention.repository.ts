import { Injectable } from '@nestjs/common';
import { CryptoService, Fields, PersonalData } from '../../../platform/crypto';
import {
  changedCount,
  col,
  firstRow,
  ident,
  Queryable,
  rowShape,
  rowsOf,
  run,
  updateStatement,
} from '../../../platform/database';
import * as declared from '../cases.personal-data';
import * as declaredWork from '../safety-plan.personal-data';

/** The cases module's declarations of records tied to a case: what retention erases. */
export const CASE_TIED_DATA: readonly PersonalData<Fields>[] = (
  [...Object.values(declared), ...Object.values(declaredWork)] as unknown[]
).filter((d): d is PersonalData<Fields> => d instanceof PersonalData && d.caseColumn !== undefined);

/** A closed case whose retention period is over: ids, reference and dates only. */
export interface RetentionDueCase {
  id: string;
  reference: string;
  organizationId: string;
  closedAt: Date;
}

const DueRow = rowShape('cases', {
  id: col.uuid(),
  reference: col.text(),
  organization_id: col.uuid(),
  closed_at: col.time(),
});
const CountRow = rowShape('cases', { n: col.int() });
const dueOf = (r: ReturnType<typeof DueRow.parse>): RetentionDueCase => ({
  id: r.id,
  reference: r.reference,
  organizationId: r.organization_id,
  closedAt: r.closed_at,
});

/** Closed, not yet anonymised, closed before the parameter (the retention job's partial index). */
/** A merged case (issue 15) is due like a closed one, counted from the merge (its closed_at). */
const DUE = `(status = 'closed' OR status = 'merged') AND anonymised_at IS NULL AND closed_at <`;

/**
 * Retention's reads and writes (docs/DESIGN.md §7): the closed cases due, and the erasure of a case's
 * personal data in the case module's tables through each declaration's `erasure` (encrypted columns to
 * NULL or their encrypted `erasedTo`, blind indexes cleared).
 */
@Injectable()
export class CaseRetentionRepository {
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

  /** Closed before `closedBefore` and not yet anonymised, oldest closing first (no lock). */
  async findDue(
    q: Queryable,
    opts: { closedBefore: Date; limit: number; excludeIds?: string[] },
  ): Promise<RetentionDueCase[]> {
    const rows = await rowsOf(
      q,
      `SELECT ${DueRow.columns()} FROM cases
        WHERE ${DUE} $1 AND NOT (id = ANY($2::uuid[]))
        ORDER BY closed_at, id LIMIT $3`,
      [opts.closedBefore, opts.excludeIds ?? [], opts.limit],
    );
    return DueRow.parseAll(rows).map(dueOf);
  }

  async countDue(q: Queryable, closedBefore: Date): Promise<number> {
    const row = await firstRow(q, `SELECT count(*)::int AS n FROM cases WHERE ${DUE} $1`, [closedBefore]);
    return row === undefined ? 0 : CountRow.parse(row).n;
  }

  /** Locks a case still due (FOR UPDATE SKIP LOCKED): undefined when no longer due or held elsewhere. */
  async lockDue(m: Queryable, caseId: string, closedBefore: Date): Promise<RetentionDueCase | undefined> {
    const row = await firstRow(
      m,
      `SELECT ${DueRow.columns()} FROM cases WHERE id = $1 AND ${DUE} $2 FOR UPDATE SKIP LOCKED`,
      [caseId, closedBefore],
    );
    return row === undefined ? undefined : dueOf(DueRow.parse(row));
  }

  /** Marks the case anonymised (after eraseCase). */
  async markAnonymised(m: Queryable, caseId: string): Promise<void> {
    await run(
      m,
      updateStatement('cases', {}, (p) => `id = ${p.add(caseId)}`, {
        extraSet: ['anonymised_at = now()', 'updated_at = now()', 'version = version + 1'],
      }),
    );
  }
}
