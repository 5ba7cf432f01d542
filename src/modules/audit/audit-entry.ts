import type { AuthUser } from '../../platform/http';

export interface AuditEntry {
  /** What happened: "<entity>.<verb>", e.g. "user.created", "case.read", "auth.login". */
  action: string;
  /** success (default), denied, failure */
  outcome?: 'success' | 'denied' | 'failure';
  /** The user acting; null for an anonymous attempt (a failed sign-in of an unknown user). */
  actor: Pick<AuthUser, 'id' | 'roles' | 'organizationId'> | null;
  entityType?: string;
  entityId?: string;
  caseId?: string;
  /** A catalogue key or a code: stored in the clear. */
  reasonCode?: string;
  /** Free text that may name people: stored encrypted. */
  reasonText?: string;
  requestId?: string;
}
