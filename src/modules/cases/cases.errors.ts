import { registerErrorCodes } from '../../platform/http';
import { CASE_DOMAIN_ERRORS } from './domain/errors';

export const CasesErrors = registerErrorCodes({
  ...CASE_DOMAIN_ERRORS,
  /** An intake for another organisation than the caller's. */
  CASE_ORGANIZATION_NOT_ALLOWED: 403,
  /** A commune code that is not a commune in force. */
  CASE_COMMUNE_UNKNOWN: 400,
  /** A search with none of reference, phone, nationalId. */
  CASE_SEARCH_EMPTY: 400,
  /** A duplicate check with neither phone nor nationalId. */
  CASE_DUPLICATE_CHECK_EMPTY: 400,
  /** {perMinute, retryAfter}: the user's duplicate checks of this minute are spent (Retry-After). */
  CASE_DUPLICATE_CHECK_LIMIT: 429,
  /** {field}: the assignee is not an active counsellor of the case's organisation. */
  CASE_ASSIGNEE_INVALID: 400,
  /** {field}: a named supervisor is not an active supervisor of the case's organisation. */
  CASE_SUPERVISOR_INVALID: 400,
  /** {items}: referrals accepted or in service, protection measures in force; details.blockers lists them. */
  CASE_CLOSURE_BLOCKED: 409,
  /** The consent was already withdrawn. */
  CONSENT_ALREADY_WITHDRAWN: 409,
  /** {field}: a consent names a provider that is not in the directory. */
  CONSENT_PROVIDER_UNKNOWN: 422,
});

/** Every code this module throws. */
export type CasesErrorCode = keyof typeof CasesErrors;
