import { registerEncryptedColumns } from '../../platform/crypto';

/** The contexts (associated data) of the identity module's encrypted columns. */
export const MFA_SECRET_CONTEXT = 'users.mfa_secret_enc';
export const MFA_PENDING_SECRET_CONTEXT = 'users.mfa_pending_secret_enc';
/** A user's work e-mail, for notifications on the outside channel. */
export const USER_EMAIL_CONTEXT = 'users.email_enc';
/** A new work e-mail waiting for a supervisor's confirmation. */
export const PENDING_EMAIL_CONTEXT = 'account_changes.email_enc';

registerEncryptedColumns(
  { table: 'users', idColumn: 'id', column: 'mfa_secret_enc' },
  { table: 'users', idColumn: 'id', column: 'mfa_pending_secret_enc' },
  { table: 'users', idColumn: 'id', column: 'email_enc' },
  { table: 'account_changes', idColumn: 'id', column: 'email_enc' },
);
