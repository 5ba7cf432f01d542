import { registerErrorCodes } from '../../platform/http';

/** The plans module's codes (config/i18n/{vi,en}/plans.yaml); params name fields, never values. */
export const PlansErrors = registerErrorCodes({
  /** The case has no plan yet. */
  PLAN_NOT_FOUND: 404,
  /** {status}: the case already has a plan being written or awaiting approval. */
  PLAN_DRAFT_EXISTS: 409,
  /** {status}: only a draft (or a returned plan) is edited or submitted. */
  PLAN_NOT_EDITABLE: 422,
  /** {status}: only a submitted plan is approved or returned. */
  PLAN_NOT_SUBMITTED: 422,
  /** A plan without a goal, or a goal without an action, is not submitted. */
  PLAN_EMPTY: 422,
  /** The submitter does not decide on their own plan (four eyes). */
  PLAN_SELF_DECISION: 403,
  /** {field}: the performer is a provider and no directory provider is named (or one that does not exist). */
  PLAN_PROVIDER_INVALID: 400,
  /** {field}: a dropped action needs its reason. */
  PLAN_DROP_REASON_REQUIRED: 400,
  /** {field}: not a referral of this case. */
  PLAN_REFERRAL_INVALID: 400,
  /** {status}: an action linked to a referral takes the referral's status; it may only be dropped. */
  PLAN_ACTION_FOLLOWS_REFERRAL: 422,
  /** {status}: actions change on the approved plan or a draft, never on a superseded one. */
  PLAN_ACTION_NOT_CHANGEABLE: 422,
  /** {field, allowed}: shared with the other modules (same status). */
  UNKNOWN_CATALOGUE_KEY: 400,
});

/** Every code this module throws. */
export type PlansErrorCode = keyof typeof PlansErrors;
