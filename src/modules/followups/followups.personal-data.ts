import { declarePersonalData, text } from '../../platform/crypto';

/**
 * The personal data of the follow-ups module, declared once (docs/ARCHITECTURE.md "Personal data"): a
 * follow-up's note. Its repository writes and reads the column only through this declaration; key rotation
 * and retention's erasure read it too.
 */
export const FOLLOW_UP_DATA = declarePersonalData({
  table: 'follow_ups',
  idColumn: 'id',
  caseColumn: 'case_id',
  // The API answers a note sent as "" with "" (as before the declaration): kept, not nulled.
  fields: { note: text('note_enc', { keepEmpty: true }) },
});
