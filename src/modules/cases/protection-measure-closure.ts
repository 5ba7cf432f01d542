import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseClosureParticipant, ClosureBlocker } from './case-closure';
import { ProtectionMeasureRepository } from './repositories/protection-measure.repository';

/**
 * A protection measure in force keeps its case open: started (or decided), and with an end (given, or
 * the longest the law allows) still ahead. A measure without any end (counselling, medical care) has no
 * term to wait for and does not block; it ends with the case.
 */
@Injectable()
export class ProtectionMeasureClosure implements CaseClosureParticipant {
  readonly name = 'protection_measures';

  constructor(private readonly measures: ProtectionMeasureRepository) {}

  async blockers(m: EntityManager, caseId: string): Promise<ClosureBlocker[]> {
    const ids = await this.measures.inForceIds(m, caseId);
    return ids.map((id) => ({ kind: 'protection_measure', id, status: 'in_force' }));
  }

  async close(): Promise<void> {
    // Nothing to end: a measure ends on its date or by the authority, never by the case's closure.
  }
}
