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

  /**
   * Several rows in one statement: a list that shows many cases audits each of them in one round trip
   * instead of one per case (the worklist).
   */
  async recordMany(manager: EntityManager, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const column = <T>(pick: (e: AuditEntry) => T): T[] => entries.map(pick);
    await manager.query(
      `INSERT INTO audit_events
         (actor_id, actor_roles, organization_id, action, outcome, entity_type, entity_id, case_id,
          reason_code, reason_text_enc, request_id)
       SELECT a.actor_id, ARRAY(SELECT jsonb_array_elements_text(a.actor_roles)), a.organization_id,
              a.action, a.outcome, a.entity_type, a.entity_id, a.case_id, a.reason_code, a.reason_text_enc,
              a.request_id
         FROM unnest($1::uuid[], $2::jsonb[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::uuid[], $9::text[], $10::text[], $11::text[])
              WITH ORDINALITY AS a(actor_id, actor_roles, organization_id, action, outcome, entity_type,
                                   entity_id, case_id, reason_code, reason_text_enc, request_id, ord)
        ORDER BY a.ord`,
      [
        column((e) => e.actor?.id ?? null),
        column((e) => JSON.stringify(e.actor?.roles ?? [])),
        column((e) => e.actor?.organizationId ?? null),
        column((e) => e.action),
        column((e) => e.outcome ?? 'success'),
        column((e) => e.entityType ?? null),
        column((e) => e.entityId ?? null),
        column((e) => e.caseId ?? null),
        column((e) => e.reasonCode ?? null),
        column((e) => this.crypto.encryptOptional(e.reasonText, AUDIT_REASON_CONTEXT)),
        column((e) => e.requestId ?? null),
      ],
    );
  }
}
