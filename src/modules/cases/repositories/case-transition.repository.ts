import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../../platform/crypto';
import { col, insertStatement, Queryable, rowShape, rowsOf, run } from '../../../platform/database';
import { TRANSITION_DATA } from '../cases.personal-data';

/** A workflow transition as the status history shows it (the free-text reason is never read back). */
export interface CaseTransition {
  from: string | null;
  to: string;
  at: Date;
  actorId: string | null;
  reasonCode: string | null;
}

const TRANSITION = rowShape('case_transitions', {
  from_status: col.text().orNull(),
  to_status: col.text(),
  at: col.time(),
  actor_id: col.uuid().orNull(),
  reason_code: col.text().orNull(),
});

/** The case's workflow transitions (table case_transitions): the reason text through TRANSITION_DATA. */
@Injectable()
export class CaseTransitionRepository {
  constructor(private readonly crypto: CryptoService) {}

  async insert(
    m: Queryable,
    t: {
      caseId: string;
      from: string;
      to: string;
      reasonCode: string | null;
      reasonText: string | null;
      actorId: string;
    },
  ): Promise<void> {
    await run(
      m,
      insertStatement('case_transitions', {
        case_id: t.caseId,
        from_status: t.from,
        to_status: t.to,
        reason_code: t.reasonCode,
        actor_id: t.actorId,
        ...TRANSITION_DATA.sealInsert(this.crypto, { reasonText: t.reasonText }),
      }),
    );
  }

  /** The case's transitions, newest first. */
  async historyOf(m: Queryable, caseId: string): Promise<CaseTransition[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${TRANSITION.columns()} FROM case_transitions WHERE case_id = $1 ORDER BY at DESC, id DESC`,
      [caseId],
    );
    return TRANSITION.parseAll(rows).map((r) => ({
      from: r.from_status,
      to: r.to_status,
      at: r.at,
      actorId: r.actor_id,
      reasonCode: r.reason_code,
    }));
  }
}
