import { registerErrorCodes } from '../../platform/http';

export const ActivitiesErrors = registerErrorCodes({
  /** {field}: a value that is not a key of its catalogue ({allowed}). */
  ACTIVITY_KEY_UNKNOWN: 400,
  /** {field}: a province code that is not a province. */
  ACTIVITY_PROVINCE_UNKNOWN: 400,
  /** {field}: a commune code that is not a commune in force of the province. */
  ACTIVITY_COMMUNE_UNKNOWN: 400,
  /** {field}: not a calendar day. */
  ACTIVITY_DATE_INVALID: 400,
  /** {field}: a day after today (Hanoi). */
  ACTIVITY_DATE_IN_FUTURE: 400,
  /** {field}: more young participants than participants. */
  ACTIVITY_YOUTH_ABOVE_TOTAL: 422,
  /** {field}: the kind implies model {model}. */
  ACTIVITY_MODEL_MISMATCH: 422,
  /** {field}: a period outside the grammar ({grammar}). */
  ACTIVITY_PERIOD_INVALID: 400,
});

/** Every code this module throws. */
export type ActivitiesErrorCode = keyof typeof ActivitiesErrors;
