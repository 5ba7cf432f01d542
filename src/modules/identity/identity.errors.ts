import { registerErrorCodes } from '../../platform/http';

/**
 * The identity module's coded errors. Params hold field names, allowed keys and numbers only: never a
 * username, a display name or anything the caller typed.
 */
export const IdentityErrors = registerErrorCodes({
  // sign-in
  INVALID_CREDENTIALS: 401,
  MFA_REQUIRED: 401,
  ACCOUNT_LOCKED: 423,
  REFRESH_TOKEN_INVALID: 401,
  // the browser's cookie transport: the page's CSRF token missing or wrong
  CSRF_TOKEN_INVALID: 403,
  // second factor, on a signed-in session
  MFA_SETUP_REQUIRED: 403,
  MFA_REAUTHENTICATION_REQUIRED: 403,
  MFA_ALREADY_ENABLED: 409,
  MFA_SETUP_NOT_STARTED: 409,
  MFA_CODE_INVALID: 400,
  // records
  USER_NOT_FOUND: 404,
  ORGANIZATION_NOT_FOUND: 404,
  USERNAME_TAKEN: 409,
  ORGANIZATION_NAME_TAKEN: 409,
  // references in a request body
  UNKNOWN_ORGANIZATION: 400,
  UNKNOWN_ROLE: 400,
  UNKNOWN_ORGANIZATION_TYPE: 400,
  UNKNOWN_PROVINCE: 400,
  UNKNOWN_COMMUNE: 400,
  ORGANIZATION_PARENT_CYCLE: 400,
  // password policy
  PASSWORD_TOO_SHORT: 400,
  PASSWORD_CONTAINS_USERNAME: 400,
  PASSWORD_TOO_COMMON: 400,
  CURRENT_PASSWORD_INCORRECT: 403,
  PASSWORD_UNCHANGED: 400,
  // separation of duties
  ROLE_COMBINATION_FORBIDDEN: 400,
  SELF_ROLE_CHANGE_FORBIDDEN: 403,
  SELF_DISABLE_FORBIDDEN: 403,
  SELF_MFA_RESET_FORBIDDEN: 403,
  // account changes a supervisor confirms (issue 12, Security 1)
  ACCOUNT_CHANGE_NOT_FOUND: 404,
  ACCOUNT_CHANGE_NOT_PENDING: 409,
  ACCOUNT_CHANGE_OWN_FORBIDDEN: 403,
  PASSWORD_SET_BY_USER_ONLY: 400,
  PASSWORD_CHANGE_REQUIRED: 403,
});

/** Every code this module throws. */
export type IdentityErrorCode = keyof typeof IdentityErrors;
