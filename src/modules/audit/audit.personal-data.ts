import { declarePersonalData, text } from '../../platform/crypto';

/**
 * The audit trail's personal data (docs/ARCHITECTURE.md "Personal data"): a reason's free text, which may
 * name people. Declared with `rotate: false`: the column is kept out of key rotation, because the trail is append-only (a trigger refuses any UPDATE) and its hash chain
 * covers the stored ciphertext, so these values stay under the key they were written with
 * (src/platform/crypto/key-rotation.ts). Keys rotate everywhere else; keys:rotate reports this column as
 * not rotated. An empty reason is still written (encrypted), as it always was.
 */
export const AUDIT_EVENT_DATA = declarePersonalData({
  table: 'audit_events',
  idColumn: 'id',
  rotate: false,
  fields: { reasonText: text('reason_text_enc', { keepEmpty: true }) },
});
