/**
 * The one error answer of the API (src/platform/http/exception.filter.ts): { statusCode, code, message,
 * details?, requestId }. `D` is the shape of `details` a test reads (a list of field problems, the allowed
 * keys…); `unknown` when it reads none.
 */
export interface ErrorBody<D = unknown> {
  statusCode: number;
  code: string;
  message: string;
  requestId?: string;
  details?: D;
}

/** One entry of a validation error's details. */
export interface FieldProblem {
  field: string;
  problems: string[];
}
