import { registerErrorCodes } from '../../../platform/http';

/** Codes of the reports (config/i18n/{vi,en}/reports.yaml); params never carry values. */
export const ReportsErrors = registerErrorCodes({
  /** {field}: not monthly, semiannual or annual. */
  REPORT_KIND_UNKNOWN: 400,
  /** {field}, {kind}, {grammar}: the period does not parse or is not of the kind's period type. */
  REPORT_PERIOD_INVALID: 400,
  /** {field}: not a province in force. */
  REPORT_PROVINCE_UNKNOWN: 400,
  /** {field}: not a commune of the province in force. */
  REPORT_COMMUNE_UNKNOWN: 400,
  /** {status}: the file exists only once the run is done. */
  REPORT_NOT_READY: 409,
  /** The worker could not make the report (stored as the run's error code). */
  REPORT_GENERATION_FAILED: 500,
});

/** Every code this module throws. */
export type ReportsErrorCode = keyof typeof ReportsErrors;
