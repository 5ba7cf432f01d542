import { registerErrorCodes } from '../../platform/http';

export const AuditErrors = registerErrorCodes({
  AUDIT_QUERY_INVALID: 400,
});
