import { registerErrorCodes } from '../../../platform/http';

export const JobsAdminErrors = registerErrorCodes({
  /** No dead letter with this id. */
  DEAD_LETTER_NOT_FOUND: 404,
});

/** Every code this module throws. */
export type JobsAdminErrorCode = keyof typeof JobsAdminErrors;
