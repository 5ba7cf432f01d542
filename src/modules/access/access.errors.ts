import { registerErrorCodes } from '../../platform/http';

/** Refusals of a single record use the platform's NOT_FOUND (hidden) and FORBIDDEN (visible). */
export const AccessErrors = registerErrorCodes({
  BREAK_GLASS_REASON_TOO_SHORT: 400,
  BREAK_GLASS_OTHER_ORGANIZATION: 403,
  BREAK_GLASS_RESTRICTED: 403,
  BREAK_GLASS_ALREADY_ACTIVE: 409,
});

/** Every code this module throws. */
export type AccessErrorCode = keyof typeof AccessErrors;
