import type { ChainRow, StoredRow } from './domain/hash-chain';

/**
 * The columns of audit_events as text, exactly as the chain hashes them. `at` is formatted by PostgreSQL
 * in UTC with microseconds (a JavaScript Date would drop the last three digits); bigints stay decimal text.
 * The aliases are text, so ORDER BY must name the table's columns (audit_events.id), never the bare alias.
 */
export const AUDIT_ROW_COLUMNS = `
  id::text AS id,
  to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
  actor_id::text AS actor_id,
  actor_roles,
  organization_id::text AS organization_id,
  action,
  outcome,
  entity_type,
  entity_id,
  case_id::text AS case_id,
  reason_code,
  reason_text_enc,
  request_id,
  chain_seq::text AS chain_seq,
  prev_hash,
  hash`;

/** A row as AUDIT_ROW_COLUMNS returns it. */
export interface AuditRowRecord {
  id: string;
  at: string;
  actor_id: string | null;
  actor_roles: string[];
  organization_id: string | null;
  action: string;
  outcome: string;
  entity_type: string | null;
  entity_id: string | null;
  case_id: string | null;
  reason_code: string | null;
  reason_text_enc: string | null;
  request_id: string | null;
  chain_seq: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** The recorded columns of a row, without its place in the chain. */
export function toUnsealedRow(r: AuditRowRecord): Omit<ChainRow, 'chainSeq'> {
  return {
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorRoles: r.actor_roles,
    organizationId: r.organization_id,
    action: r.action,
    outcome: r.outcome,
    entityType: r.entity_type,
    entityId: r.entity_id,
    caseId: r.case_id,
    reasonCode: r.reason_code,
    reasonTextEnc: r.reason_text_enc,
    requestId: r.request_id,
  };
}

/** A row walked by chain_seq (so chain_seq is set), with prev_hash and hash as stored. */
export function toStoredRow(r: AuditRowRecord & { chain_seq: string }): StoredRow {
  return { ...toUnsealedRow(r), chainSeq: r.chain_seq, prevHash: r.prev_hash, hash: r.hash };
}
