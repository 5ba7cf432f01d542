import { declarePersonalData, text } from '../../platform/crypto';

/**
 * The personal data of the referrals module, declared once (docs/ARCHITECTURE.md "Personal data"): the
 * free texts of a referral and of its steps. Repositories write and read these columns only through these
 * declarations; key rotation and retention's erasure read them too.
 */

/** The referrer's note for the provider, and the reason of an emergency override. */
export const REFERRAL_DATA = declarePersonalData({
  table: 'referrals',
  idColumn: 'id',
  caseColumn: 'case_id',
  fields: {
    note: text('note_enc'),
    emergencyOverrideReason: text('override_reason_enc'),
  },
});

/**
 * The reason given for a step (a decline, a cancellation, a closure). Tied to its case through its
 * referral (no case column of its own): retention erases it through the referral's case.
 */
export const REFERRAL_TRANSITION_DATA = declarePersonalData({
  table: 'referral_transitions',
  idColumn: 'id',
  fields: { reasonText: text('reason_text_enc') },
});
