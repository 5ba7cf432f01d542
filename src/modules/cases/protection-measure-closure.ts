import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseClosureParticipant, ClosureBlocker } from './case-closure';

/**
 * A protection measure in force keeps its case open: started (or decided), and with an end (given, or
 * the longest the law allows) still ahead. A measure without any end (counselling, medical care) has no
 * term to wait for and does not block; it ends with the case.
 */
@Injectable()
export class ProtectionMeasureClosure implements CaseClosureParticipant {
  readonly name = 'protection_measures';

  async blockers(m: EntityManager, caseId: string): Promise<ClosureBlocker[]> {
    const rows = await m.query<{ id: string }[]>(
      `SELECT id FROM protection_measures
        WHERE case_id = $1 AND coalesce(starts_at, decided_at) <= now() AND ends_at > now()
        ORDER BY recorded_at, id`,
      [caseId],
    );
    return rows.map((r) => ({ kind: 'protection_measure', id: r.id, status: 'in_force' }));
  }

  async close(): Promise<void> {
    // Nothing to end: a measure ends on its date or by the authority, never by the case's closure.
  }
}
