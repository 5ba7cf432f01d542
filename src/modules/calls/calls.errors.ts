import { registerErrorCodes } from '../../platform/http';

export const CallsErrors = registerErrorCodes({
  /** {field}: the outcome ({outcome}) says the call opened or concerned a case, and none is given. */
  CALL_CASE_REQUIRED: 422,
  /** {field}: no case the caller may read has this id (unknown, or hidden from the caller). */
  CALL_CASE_UNAVAILABLE: 422,
  /** {field}: a start after now, or more than {days} days ago. */
  CALL_START_OUT_OF_RANGE: 400,
  /** {field}: from after to. */
  CALL_RANGE_INVALID: 400,
});

/** Every code this module throws. */
export type CallsErrorCode = keyof typeof CallsErrors;
