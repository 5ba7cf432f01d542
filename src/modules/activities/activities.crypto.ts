import { EncryptedColumn, registerEncryptedColumns } from '../../platform/crypto';

/** The activity module's encrypted columns (context "<table>.<column>"), for npm run cli -- keys:rotate. */
const columns: EncryptedColumn[] = [{ table: 'activities', idColumn: 'id', column: 'notes_enc' }];

registerEncryptedColumns(...columns);

/** The encryption context of the activities' notes. */
export const NOTES_CONTEXT = 'activities.notes_enc';
