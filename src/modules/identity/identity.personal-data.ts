import { declarePersonalData, text } from '../../platform/crypto';

/**
 * The personal data and secrets of the identity module, declared once (docs/ARCHITECTURE.md "Personal
 * data"): each encrypted column by its field name, with its context "<table>.<column>". Repositories
 * write and read these columns only through these declarations; key rotation reads them too. Neither
 * record is tied to a case, so retention never erases them.
 */

/** A user's second-factor secrets and work e-mail (notifications on the outside channel). */
export const USER_DATA = declarePersonalData({
  table: 'users',
  idColumn: 'id',
  fields: {
    /** The confirmed TOTP secret (base32). */
    mfaSecret: text('mfa_secret_enc'),
    /** A TOTP secret set up but not yet confirmed with a code. */
    mfaPendingSecret: text('mfa_pending_secret_enc'),
    email: text('email_enc'),
  },
});

/** A new work e-mail waiting for a supervisor's confirmation (change_email). */
export const ACCOUNT_CHANGE_DATA = declarePersonalData({
  table: 'account_changes',
  idColumn: 'id',
  fields: { email: text('email_enc') },
});
