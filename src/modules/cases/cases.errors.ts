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
});
