import { registerEncryptedColumns } from '../../platform/crypto';

/** The context (associated data) under which a break-glass reason is encrypted. */
export const BREAK_GLASS_REASON_CONTEXT = 'break_glass_grants.reason_text_enc';

// Key rotation (npm run cli -- keys:rotate) finds the access module's encrypted column here.
registerEncryptedColumns({ table: 'break_glass_grants', idColumn: 'id', column: 'reason_text_enc' });
