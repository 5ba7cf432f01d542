import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CryptoService } from '../../platform/crypto';
import type { AuthUser } from '../../platform/http';
import { AUDIT_REASON_CONTEXT } from './audit.crypto';

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

/**
 * Writes the audit trail in the caller's transaction, so a change and its audit row commit together.
 * Rows are sealed into the hash chain later, by the one sealer in the worker: no request waits on it.
 */
@Injectable()
export class AuditService {
  constructor(private readonly crypto: CryptoService) {}

  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.query(
      `INSERT INTO audit_events
         (actor_id, actor_roles, organization_id, action, outcome, entity_type, entity_id, case_id,
          reason_code, reason_text_enc, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        entry.actor?.id ?? null,
        entry.actor?.roles ?? [],
        entry.actor?.organizationId ?? null,
        entry.action,
        entry.outcome ?? 'success',
        entry.entityType ?? null,
        entry.entityId ?? null,
        entry.caseId ?? null,
        entry.reasonCode ?? null,
        this.crypto.encryptOptional(entry.reasonText, AUDIT_REASON_CONTEXT),
        entry.requestId ?? null,
      ],
    );
  }
}
