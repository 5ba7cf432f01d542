import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseClosureParticipant, ClosureBlocker } from './case-closure';
import { CaseTransferRepository } from './repositories/case-transfer.repository';

/**
 * A transfer waiting for the receiving organisation's decision keeps its case open: the sender cancels
 * it first (or the receiver decides), so a case is never closed under a pending hand-over.
 */
@Injectable()
export class TransferClosure implements CaseClosureParticipant {
  readonly name = 'case_transfers';

  constructor(private readonly transfers: CaseTransferRepository) {}

  async blockers(m: EntityManager, caseId: string): Promise<ClosureBlocker[]> {
    const id = await this.transfers.openOf(m, caseId);
    return id ? [{ kind: 'transfer', id, status: 'requested' }] : [];
  }

  async close(): Promise<void> {
    // Nothing to end: a waiting transfer blocks the closure.
  }
}
