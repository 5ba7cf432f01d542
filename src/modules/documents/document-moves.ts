import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CaseMerge, CaseMergeParticipant, CaseUnmerge } from '../cases';
import { DocumentRepository } from './repositories/document.repository';

/**
 * Documents in a merge of two cases: the merged case's documents (destroyed ones too: their records)
 * move to the surviving case; the undo gives exactly those back. The content stays where it is: it is
 * keyed by the document's id, which does not change.
 */
@Injectable()
export class DocumentMoves implements CaseMergeParticipant {
  readonly name = 'documents';

  constructor(private readonly documents: DocumentRepository) {}

  merge(m: EntityManager, merge: CaseMerge): Promise<string[]> {
    return this.documents.moveCase(m, merge.mergedCaseId, merge.survivingCaseId);
  }

  async unmerge(m: EntityManager, undo: CaseUnmerge): Promise<void> {
    await this.documents.moveBack(m, undo.ids, undo.mergedCaseId);
  }
}
