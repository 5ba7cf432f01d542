import { registerErrorCodes } from '../../platform/http';

/** The referral module's codes (config/i18n/{vi,en}/referrals.yaml); params name fields, never values. */
export const ReferralsErrors = registerErrorCodes({
  /** {from, to, allowed}; details.allowed lists the moves this side has from the current state. */
  REFERRAL_TRANSITION_NOT_ALLOWED: 422,
  /** {field, status}: declining, cancelling and not_completed need a reason. */
  REFERRAL_REASON_REQUIRED: 400,
  /** {field}: no provider has this id. */
  REFERRAL_PROVIDER_UNKNOWN: 422,
  /** {field}: the provider does not take referrals now. */
  PROVIDER_NOT_ACCEPTING: 422,
  /** {field, services}: services the provider does not offer. */
  REFERRAL_SERVICE_NOT_OFFERED: 422,
  /** {field}: no consent of the case for referral covers this provider (and no emergency override). */
  CONSENT_REQUIRED: 422,
  /** {field}: the consent named belongs to another case. */
  CONSENT_OF_ANOTHER_CASE: 422,
  /** {field}: an emergency override needs urgency emergency. */
  REFERRAL_OVERRIDE_NOT_EMERGENCY: 422,
  /** {field, min}: the reason of an emergency override is too short. */
  REFERRAL_OVERRIDE_REASON_TOO_SHORT: 400,
  /** {field}: the case already has an open referral to this provider for one of these services. */
  REFERRAL_ALREADY_OPEN: 409,
  /** The safe house has no free bed. */
  NO_CAPACITY: 409,
  /** {field, allowed}: shared with the case and directory modules (same status). */
  UNKNOWN_CATALOGUE_KEY: 400,
  /** {field}: shared date codes of the case module (same status). */
  DATE_INVALID: 400,
  DATE_IN_FUTURE: 400,
  DATE_BEFORE_OTHER: 400,
});

/** Every code this module throws. */
export type ReferralsErrorCode = keyof typeof ReferralsErrors;
