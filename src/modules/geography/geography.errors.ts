import { registerErrorCodes } from '../../platform/http';

export const GeographyErrors = registerErrorCodes({
  GEOGRAPHY_PROVINCE_NOT_FOUND: 404,
});

/** Every code this module throws. */
export type GeographyErrorCode = keyof typeof GeographyErrors;
