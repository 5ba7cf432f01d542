import { declarePersonalData, text } from '../../platform/crypto';

/**
 * The access module's personal data, declared once (docs/ARCHITECTURE.md "Personal data"): why a
 * break-glass grant was asked for, in the user's words (it may name people).
 */
export const BREAK_GLASS_GRANT_DATA = declarePersonalData({
  table: 'break_glass_grants',
  idColumn: 'id',
  fields: { reasonText: text('reason_text_enc') },
});
