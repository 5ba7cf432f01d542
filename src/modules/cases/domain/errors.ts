import { DomainError } from '../../../platform/http/domain-error';

/**
 * The codes the case domain rules throw, with their HTTP status. cases.errors.ts registers this map
 * (registerErrorCodes) so that the one exception filter maps them; config/i18n/{vi,en}/cases.yaml holds
 * the messages. Params fill the messages and hold field names, keys, limits and allowed values only —
 * never what a person typed.
 *
 * Imported from domain-error.ts itself rather than platform/http's index, which pulls in Nest: the
 * domain stays plain TypeScript.
 */
export const CASE_DOMAIN_ERRORS = {
  /** {from, to, allowed}; details.allowed lists the states the case may move to. */
  TRANSITION_NOT_ALLOWED: 422,
  /** {from}: closing goes through a request that another person, a supervisor, approves. */
  CLOSURE_APPROVAL_REQUIRED: 422,
  /** {field}: asking to close needs a closure reason. */
  CLOSURE_REASON_REQUIRED: 400,
  CLOSURE_ALREADY_PENDING: 409,
  CLOSURE_NOT_PENDING: 409,
  /** The person who asked to close may not approve or reject their own request. */
  CLOSURE_SELF_DECISION: 403,
  /** {role}: only a supervisor approves or rejects a closure. */
  CLOSURE_DECIDER_NOT_SUPERVISOR: 403,
  /** {field}: a catalogue key given twice in one list (the repeat's field). */
  DUPLICATE_VALUE: 400,
  /** {field}: a consent giver for children only (best_interest) for a survivor who is not a child. */
  CONSENT_GIVER_CHILD_ONLY: 422,
  /** {field, allowed}: a value that is not a key of its catalogue. */
  UNKNOWN_CATALOGUE_KEY: 400,
  /** {field, allowed}: an answer to a question the risk questionnaire does not have. */
  RISK_ANSWER_UNKNOWN_ITEM: 400,
  /** {field}: a yes/no question answered with something else than true or false. */
  RISK_ANSWER_NOT_BOOLEAN: 400,
  /** {field, max}: a scale question answered with something else than a whole number from 0 to max. */
  RISK_ANSWER_OUT_OF_SCALE: 400,
  /** {field, other}: an age group that the birth year or date of birth rules out. */
  AGE_GROUP_INCONSISTENT: 400,
  /** {field}: not a case reference such as HN-2026-000123. */
  CASE_REFERENCE_INVALID: 400,
  /** {field}: not a 12-digit CCCD or 9-digit CMND number. */
  NATIONAL_ID_INVALID: 400,
  /** {field}: not a phone number. */
  PHONE_INVALID: 400,
  /** {field}: not a date (YYYY, YYYY-MM or YYYY-MM-DD, or a date-time), or not a real one. */
  DATE_INVALID: 400,
  /** {field}: a date that has not come yet. */
  DATE_IN_FUTURE: 400,
  /** {field}: a date the rule needs and that is missing. */
  DATE_REQUIRED: 400,
  /** {field, other}: a date before another that must come first (e.g. decidedAt before requestedAt). */
  DATE_BEFORE_OTHER: 400,
  /** {field, other}: the incident happened after it was reported. */
  INCIDENT_AFTER_REPORT: 400,
  /** {field, other}: the incident happened before the survivor was born. */
  INCIDENT_BEFORE_BIRTH: 400,
  /** {field, maxYears}: a birth more than maxYears years before the report. */
  BIRTH_TOO_EARLY: 400,
  /** {field, other}: the date of birth is not in the birth year given. */
  DATE_OF_BIRTH_MISMATCH: 400,
  /** {field, maxDays}: a measure longer than the law allows (a commune chair's no-contact order: 3 days). */
  PROTECTION_MEASURE_TOO_LONG_DAYS: 400,
  /** {field, maxMonths}: a measure longer than the law allows (a court's no-contact order: 4 months). */
  PROTECTION_MEASURE_TOO_LONG_MONTHS: 400,
} as const;

export type CaseDomainErrorCode = keyof typeof CASE_DOMAIN_ERRORS;

export type CaseDomainErrorParams = Readonly<Record<string, string | number>>;

/** A broken case rule. A DomainError, so the platform's filter answers it with its status and message. */
export class CaseDomainError extends DomainError {
  declare readonly code: CaseDomainErrorCode;

  constructor(code: CaseDomainErrorCode, params: CaseDomainErrorParams = {}, details?: unknown) {
    super(code, { ...params }, details);
    this.name = 'CaseDomainError';
  }
}
