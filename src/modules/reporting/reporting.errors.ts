import { registerErrorCodes } from '../../platform/http';

/** The reporting module's codes (config/i18n/{vi,en}/reporting.yaml); params name fields, never values. */
export const ReportingErrors = registerErrorCodes({
  /** {field, allowed}: the subject is not one a table counts. */
  STATISTICS_UNKNOWN_SUBJECT: 400,
  /** {field, allowed}: a group-by dimension is not one of the thirteen. */
  STATISTICS_UNKNOWN_DIMENSION: 400,
  /** {field, max} */
  STATISTICS_TOO_MANY_DIMENSIONS: 400,
  /** {field, dimension} */
  STATISTICS_DUPLICATE_DIMENSION: 400,
  /** {dimension, subject, allowed}: the subject cannot be grouped by it. */
  STATISTICS_DIMENSION_NOT_APPLICABLE: 400,
  /** {field}: from/to missing or not dates, or from not before to; or both a period and from/to. */
  STATISTICS_RANGE_INVALID: 400,
  /** {field, grammar} */
  STATISTICS_PERIOD_INVALID: 400,
  /** {field}: a province other than the one the caller's figures cover. */
  STATISTICS_PROVINCE_OUT_OF_SCOPE: 400,
  /** {field, allowed} */
  INDICATOR_PLAN_UNKNOWN: 400,
});

/** Every code this module throws. */
export type ReportingErrorCode = keyof typeof ReportingErrors;
