import { declarePersonalData, text } from '../../platform/crypto';

/**
 * The documents module's personal data (docs/ARCHITECTURE.md "Personal data", "Documents"): a document's
 * file name (a name often says whose certificate it is). The content is personal data too, but it is not
 * a column of this record: it is sealed with the key ring by the service and kept by the DocumentStore.
 */
export const DOCUMENT_DATA = declarePersonalData({
  table: 'documents',
  idColumn: 'id',
  caseColumn: 'case_id',
  fields: { name: text('name_enc') },
});
