import { declarePersonalData, text } from '../../platform/crypto';

/**
 * The free text of a transfer (docs/ARCHITECTURE.md "Transfers"): the sender's note and the receiving
 * supervisor's reason for declining. Never in a list before acceptance, a notification or the audit.
 */
export const CASE_TRANSFER_DATA = declarePersonalData({
  table: 'case_transfers',
  idColumn: 'id',
  caseColumn: 'case_id',
  fields: { note: text('note_enc'), declineReason: text('decline_reason_enc') },
});
