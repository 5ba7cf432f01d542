import { col, rowShape } from '../../platform/database';
import type { ChainRow, StoredRow } from './domain/hash-chain';

/**
 * The columns of audit_events as text, exactly as the chain hashes them. `at` is formatted by PostgreSQL
 * in UTC with microseconds (a JavaScript Date would drop the last three digits); bigints stay decimal text.
 * The aliases are text, so ORDER BY must name the table's columns (audit_events.id), never the bare alias.
 */
export const AUDIT_ROW = rowShape('audit_events', {
  id: col.text().as('{a}.id::text'),
  at: col.text().as(`to_char({a}.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`),
  actor_id: col.text().orNull().as('{a}.actor_id::text'),
  actor_roles: col.textArray(),
  organization_id: col.text().orNull().as('{a}.organization_id::text'),
  action: col.text(),
  outcome: col.text(),
  entity_type: col.text().orNull(),
  entity_id: col.text().orNull(),
  case_id: col.text().orNull().as('{a}.case_id::text'),
  reason_code: col.text().orNull(),
  reason_text_enc: col.text().orNull(),
  request_id: col.text().orNull(),
  chain_seq: col.text().orNull().as('{a}.chain_seq::text'),
  prev_hash: col.text().orNull(),
  hash: col.text().orNull(),
});

/** The SELECT list of AUDIT_ROW over audit_events without an alias. */
export const AUDIT_ROW_COLUMNS = AUDIT_ROW.columns();

/** A row as AUDIT_ROW_COLUMNS returns it. */
export type AuditRowRecord = ReturnType<typeof AUDIT_ROW.parse>;

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
