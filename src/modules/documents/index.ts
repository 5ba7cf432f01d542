export { DocumentsModule } from './documents.module';
export { DocumentRetentionService } from './document-retention.service';
export { DocumentPrintReads } from './document-print.reads';
export type { PrintedDocument } from './document-print.reads';
export { DOCUMENTS_COMMANDS, DocumentRotation } from './document-rotation';
export type { DocumentStore } from './document-store';
/** The module's personal-data declaration (documentation, the marker test). */
export { DOCUMENT_DATA } from './documents.personal-data';
