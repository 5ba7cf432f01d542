import { registerErrorCodes } from '../../platform/http';

/** Transfers between organisations (docs/ARCHITECTURE.md "Transfers"). */
export const TransfersErrors = registerErrorCodes({
  /** {field}, {allowed}: the organisation is the case's own, unknown, or not of a type that holds cases. */
  TRANSFER_DESTINATION_INVALID: 422,
  /** {field}: not a consent of this case for the purpose `transfer`, or withdrawn. */
  TRANSFER_CONSENT_INVALID: 422,
  /** The case already has a transfer waiting for a decision. */
  TRANSFER_ALREADY_OPEN: 409,
  /** The transfer was already accepted, declined or cancelled. */
  TRANSFER_NOT_OPEN: 409,
  /** {field}: the counsellor named on acceptance is not an active counsellor of the receiving organisation. */
  TRANSFER_ASSIGNEE_INVALID: 422,
  /** A closed case is not transferred. */
  TRANSFER_CASE_CLOSED: 409,
  /** {reason}: a closure reason kept for old cases (offered: false in closure-reasons.yaml). */
  CLOSURE_REASON_RETIRED: 422,
});
