import { registerErrorCodes } from '../../platform/http';

/** The follow-up module's codes (config/i18n/{vi,en}/followups.yaml); params name fields, never values. */
export const FollowupsErrors = registerErrorCodes({
  /** {field, allowed}: a kind that a person may not choose by hand (rules make it). */
  FOLLOW_UP_KIND_NOT_MANUAL: 400,
  /** {field}: more than a day in the past. */
  FOLLOW_UP_DUE_IN_PAST: 400,
  /** {field}: not an active counsellor or supervisor of the case's organisation. */
  FOLLOW_UP_ASSIGNEE_INVALID: 400,
  /** {status}: only an open follow-up is completed or rescheduled. */
  FOLLOW_UP_NOT_OPEN: 422,
  /** {field}: scope=organization is the supervisors' view. */
  FOLLOW_UP_SCOPE_NOT_ALLOWED: 403,
  /** {field, allowed}: shared with the case, directory and referral modules (same status). */
  UNKNOWN_CATALOGUE_KEY: 400,
});

/** Every code this module throws. */
export type FollowupsErrorCode = keyof typeof FollowupsErrors;
