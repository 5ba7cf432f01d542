/**
 * The coded error the domain throws. The code is stable and machine-readable; the HTTP status and the
 * text a person reads come from the code (error-codes registry, config/i18n). Params fill placeholders
 * in the text and must never hold personal data: field names, allowed values, ids and counts only.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    readonly details?: unknown,
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

const statusByCode = new Map<string, number>();

/**
 * Registers the error codes a module throws with their HTTP status. Call it at module load from the
 * module's `<module>.errors.ts`; a code registered twice with another status is a programming error.
 */
export function registerErrorCodes<T extends Record<string, number>>(codes: T): { [K in keyof T]: K } {
  const names = {} as { [K in keyof T]: K };
  for (const [code, status] of Object.entries(codes)) {
    const existing = statusByCode.get(code);
    if (existing !== undefined && existing !== status) {
      throw new Error(`Error code ${code} registered with ${existing} and ${status}`);
    }
    statusByCode.set(code, status);
    (names as Record<string, string>)[code] = code;
  }
  return names;
}

export function statusOfCode(code: string): number | undefined {
  return statusByCode.get(code);
}

export function registeredErrorCodes(): string[] {
  return [...statusByCode.keys()];
}

/** Codes of the platform itself. */
export const PlatformErrors = registerErrorCodes({
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  JSON_TOO_DEEP: 400,
  MALFORMED_REQUEST: 400,
  HEADERS_TOO_LARGE: 431,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_KEY_INVALID: 400,
  IDEMPOTENCY_REQUEST_IN_PROGRESS: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
  ACCESS_DECISION_MISSING: 500,
  INTERNAL_ERROR: 500,
});

/** Every code the platform itself throws. */
export type PlatformErrorCode = keyof typeof PlatformErrors;
