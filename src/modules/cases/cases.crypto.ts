import { EncryptedColumn, registerEncryptedColumns } from '../../platform/crypto';

/**
 * The case module's encrypted columns (context "<table>.<column>"), for key rotation
 * (npm run cli -- keys:rotate). Blind indexes recomputable from one column are named with it;
 * survivors.phone_indexes (one index per phone of an encrypted JSON array) and
 * survivors.name_birth_year_index (two columns) are not: rotating the index key re-indexes them
 * through the case module, not the generic rotation.
 */
const columns: EncryptedColumn[] = [
  { table: 'survivors', idColumn: 'case_id', column: 'full_name_enc' },
  { table: 'survivors', idColumn: 'case_id', column: 'phones_enc' },
  { table: 'survivors', idColumn: 'case_id', column: 'birth_year_enc' },
  { table: 'survivors', idColumn: 'case_id', column: 'date_of_birth_enc' },
  {
    table: 'survivors',
    idColumn: 'case_id',
    column: 'national_id_enc',
    indexes: [{ column: 'national_id_index', kind: 'national_id' }],
  },
  { table: 'survivors', idColumn: 'case_id', column: 'address_detail_enc' },
  { table: 'survivors', idColumn: 'case_id', column: 'guardian_enc' },
  { table: 'survivors', idColumn: 'case_id', column: 'safe_times_enc' },
  { table: 'survivors', idColumn: 'case_id', column: 'code_word_enc' },
  { table: 'survivors', idColumn: 'case_id', column: 'safe_contact_notes_enc' },
  { table: 'reporters', idColumn: 'case_id', column: 'full_name_enc' },
  {
    table: 'reporters',
    idColumn: 'case_id',
    column: 'phone_enc',
    indexes: [{ column: 'phone_index', kind: 'phone' }],
  },
  { table: 'cases', idColumn: 'id', column: 'closure_reason_text_enc' },
  { table: 'risk_assessments', idColumn: 'id', column: 'answers_enc' },
  { table: 'consents', idColumn: 'id', column: 'withdrawal_reason_enc' },
  { table: 'notes', idColumn: 'id', column: 'text_enc' },
  { table: 'protection_measures', idColumn: 'id', column: 'note_enc' },
  { table: 'case_transitions', idColumn: 'id', column: 'reason_text_enc' },
  { table: 'closure_requests', idColumn: 'id', column: 'reason_text_enc' },
  { table: 'closure_requests', idColumn: 'id', column: 'decision_reason_enc' },
];

registerEncryptedColumns(...columns);

/** The encryption context of a column of this module. */
export const enc = (table: string, column: string): string => `${table}.${column}`;
