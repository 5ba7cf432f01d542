import { registerErrorCodes } from '../../platform/http';

export const AuditErrors = registerErrorCodes({
  AUDIT_QUERY_INVALID: 400,
  AUDIT_ENTITY_TYPE_REQUIRED: 400,
  AUDIT_PERIOD_INVALID: 400,
});

/** Every code this module throws. */
export type AuditErrorCode = keyof typeof AuditErrors;
