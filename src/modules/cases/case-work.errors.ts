import { registerErrorCodes } from '../../platform/http';

/** The codes of the safety plan, the services given and the incident's correction (issue 15). */
export const CaseWorkErrors = registerErrorCodes({
  /** A review of a case that has no safety plan yet: save one first. */
  SAFETY_PLAN_NONE: 409,
  /** The service entry was already removed. */
  CASE_SERVICE_REMOVED: 409,
  /** {field}: the day a service was given is after today or before the case was received. */
  CASE_SERVICE_DATE_INVALID: 400,
  /** {field}: who gave the service must be an active member of the case's organisation. */
  CASE_SERVICE_GIVER_INVALID: 400,
});

export type CaseWorkErrorCode = keyof typeof CaseWorkErrors;
