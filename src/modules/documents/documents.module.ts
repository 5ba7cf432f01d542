import { Module } from '@nestjs/common';
import { AccessModule } from '../access';
import { AuditModule } from '../audit';
import { CaseMoveRegistry, CasesModule } from '../cases';
import { IdentityModule } from '../identity';
import { DocumentMoves } from './document-moves';
import { DocumentPrintReads } from './document-print.reads';
import { DocumentRetentionService } from './document-retention.service';
import { DocumentRotation } from './document-rotation';
import { DOCUMENT_STORE } from './document-store';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { DocumentTransferGate } from './document-transfer-gate';
import './documents.errors';
import './documents.personal-data';
import { DocumentRepository } from './repositories/document.repository';
import { PostgresDocumentStore } from './repositories/postgres-document-store.repository';

/** Documents attached to a case: upload, list, download, removal, retention (docs/ARCHITECTURE.md "Documents"). */
@Module({
  imports: [AuditModule, IdentityModule, AccessModule, CasesModule],
  controllers: [DocumentsController],
  providers: [
    DocumentTransferGate,
    DocumentsService,
    DocumentRepository,
    DocumentRetentionService,
    DocumentMoves,
    DocumentRotation,
    DocumentPrintReads,
    // The store of contents: replace this provider to keep them in an S3-compatible store instead.
    { provide: DOCUMENT_STORE, useClass: PostgresDocumentStore },
  ],
  exports: [DocumentRetentionService, DocumentRotation, DocumentPrintReads],
})
export class DocumentsModule {
  constructor(moves: CaseMoveRegistry, documents: DocumentMoves) {
    moves.registerMerge(documents);
  }
}
