import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DOCUMENT_STORE, DocumentStore } from './document-store';
import { DocumentRepository } from './repositories/document.repository';

/**
 * Retention for the documents module (docs/DESIGN.md §7): when a case's personal data is destroyed, so
 * are its documents — the content leaves the store and the name is erased; the record keeps the kind,
 * type, size and dates (destroyed_reason 'retention'). Runs in the retention's transaction, with the
 * case locked by the case module.
 */
@Injectable()
export class DocumentRetentionService {
  constructor(
    private readonly documents: DocumentRepository,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
  ) {}

  /** Destroys the case's documents; gives how many were destroyed now. */
  async destroyForCase(manager: EntityManager, caseId: string): Promise<number> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('DocumentRetentionService.destroyForCase must run inside a transaction');
    }
    const ids = await this.documents.markCaseDestroyed(manager, caseId);
    for (const id of ids) await this.store.destroy(id, manager);
    return ids.length;
  }
}
