import { registerErrorCodes } from '../../platform/http';

/** The assessments module's codes (config/i18n/{vi,en}/assessments.yaml); params name questions, never answers. */
export const AssessmentsErrors = registerErrorCodes({
  /** {key}: no form with this key in config/forms. */
  FORM_NOT_FOUND: 404,
  /** {key, version}: no such version of the form. */
  FORM_VERSION_NOT_FOUND: 404,
  /** {field}: the answers name a question the assessment's form version does not have. */
  ASSESSMENT_UNKNOWN_QUESTION: 422,
  /** {field, expected}: an answer that is not of its question's kind, options or range. */
  ASSESSMENT_ANSWER_INVALID: 422,
  /** {fields}: required questions shown without an answer (details.missing lists them). */
  ASSESSMENT_ANSWERS_MISSING: 422,
  /** A completed assessment is not changed any more. */
  ASSESSMENT_COMPLETED: 409,
});

export type AssessmentsErrorCode = keyof typeof AssessmentsErrors;
