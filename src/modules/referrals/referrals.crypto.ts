import { EncryptedColumn, registerEncryptedColumns } from '../../platform/crypto';

/**
 * The referral module's encrypted columns (context "<table>.<column>"), for key rotation
 * (npm run cli -- keys:rotate).
 */
const columns: EncryptedColumn[] = [
  { table: 'referrals', idColumn: 'id', column: 'override_reason_enc' },
  { table: 'referrals', idColumn: 'id', column: 'note_enc' },
  { table: 'referral_transitions', idColumn: 'id', column: 'reason_text_enc' },
];

registerEncryptedColumns(...columns);

/** The encryption context of a column of this module. */
export const enc = (table: string, column: string): string => `${table}.${column}`;
