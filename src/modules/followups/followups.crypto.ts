import { EncryptedColumn, registerEncryptedColumns } from '../../platform/crypto';

/**
 * The follow-up module's encrypted columns (context "<table>.<column>"), for key rotation
 * (npm run cli -- keys:rotate).
 */
const columns: EncryptedColumn[] = [{ table: 'follow_ups', idColumn: 'id', column: 'note_enc' }];

registerEncryptedColumns(...columns);

/** The encryption context of a column of this module. */
export const enc = (table: string, column: string): string => `${table}.${column}`;
