import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../platform/crypto';
import {
  changedCount,
  col,
  firstRow,
  PositionalParams,
  Queryable,
  rowShape,
  rowsOf,
} from '../../platform/database';
import type { AuditEntry } from './audit-entry';
import { AUDIT_EVENT_DATA } from './audit.personal-data';
import { AUDIT_ROW, AuditRowRecord } from './audit-rows';
import type { SealedRow } from './domain/hash-chain';

/** What an auditor's search narrows the trail to (all optional; the cursor is the last id shown). */
export interface TrailFilter {
  actorId?: string;
  entityType?: string;
  entityId?: string;
  caseId?: string;
  from?: string;
  to?: string;
  /** Rows older than this id (keyset, newest first). */
  beforeId?: string;
}

const COUNT = rowShape('count', { n: col.int() });
const ID = rowShape('id', { id: col.text() });

/**
 * audit_events: rows are inserted by every module's use cases (in their transactions), sealed once by the
 * sealer (the one UPDATE the append-only trigger allows) and read by the trail and the verifier.
 */
@Injectable()
export class AuditEventRepository {
  constructor(private readonly crypto: CryptoService) {}

  async insert(m: Queryable, e: AuditEntry): Promise<void> {
    // Written out rather than with insertStatement: its parameters are shared between equal values, and
    // entity_id (text) often equals case_id (uuid), which PostgreSQL refuses as one parameter of two types.
    const sealed = AUDIT_EVENT_DATA.sealInsert(this.crypto, { reasonText: e.reasonText });
    await m.query(
      `INSERT INTO audit_events
         (actor_id, actor_roles, organization_id, action, outcome, entity_type, entity_id, case_id,
          reason_code, reason_text_enc, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        e.actor?.id ?? null,
        e.actor?.roles ?? [],
        e.actor?.organizationId ?? null,
        e.action,
        e.outcome ?? 'success',
        e.entityType ?? null,
        e.entityId ?? null,
        e.caseId ?? null,
        e.reasonCode ?? null,
        sealed.reason_text_enc ?? null,
        e.requestId ?? null,
      ],
    );
  }

  /** Several rows in one statement (one round trip), in the order given. */
  async insertMany(m: Queryable, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const column = <T>(pick: (e: AuditEntry) => T): T[] => entries.map(pick);
    await m.query(
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
        column((e) => AUDIT_EVENT_DATA.sealOne(this.crypto, 'reasonText', e.reasonText)),
        column((e) => e.requestId ?? null),
      ],
    );
  }

  /** A reason's plaintext (null when none); throws when its key has left the ring. */
  reasonTextOf(r: Pick<AuditRowRecord, 'reason_text_enc'>): string | null {
    return AUDIT_EVENT_DATA.openOne(this.crypto, 'reasonText', r.reason_text_enc);
  }

  /** The trail newest first, `limit` rows (the caller asks one more to know whether a page follows). */
  async pageNewestFirst(m: Queryable, f: TrailFilter, limit: number): Promise<AuditRowRecord[]> {
    const p = new PositionalParams();
    const where: string[] = [];
    if (f.actorId !== undefined) where.push(`actor_id = ${p.add(f.actorId)}::uuid`);
    if (f.entityType !== undefined) where.push(`entity_type = ${p.add(f.entityType)}`);
    if (f.entityId !== undefined) where.push(`entity_id = ${p.add(f.entityId)}`);
    if (f.caseId !== undefined) where.push(`case_id = ${p.add(f.caseId)}::uuid`);
    if (f.from !== undefined) where.push(`at >= ${p.add(f.from)}::timestamptz`);
    if (f.to !== undefined) where.push(`at < ${p.add(f.to)}::timestamptz`);
    if (f.beforeId !== undefined) where.push(`id < ${p.add(f.beforeId)}::bigint`);
    const rows = await rowsOf(
      m,
      `SELECT ${AUDIT_ROW.columns()} FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY audit_events.id DESC LIMIT ${p.add(limit)}`,
      p.values,
    );
    return AUDIT_ROW.parseAll(rows);
  }

  // --- the chain ----------------------------------------------------------------------------------------

  /** The oldest unsealed rows in id order, locked for the sealer's transaction. */
  async lockUnsealed(m: Queryable, limit: number): Promise<AuditRowRecord[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${AUDIT_ROW.columns()} FROM audit_events WHERE hash IS NULL
        ORDER BY audit_events.id LIMIT $1 FOR UPDATE`,
      [limit],
    );
    return AUDIT_ROW.parseAll(rows);
  }

  /** Gives the rows their place in the chain (the one UPDATE the trigger allows); how many changed. */
  seal(m: Queryable, sealed: readonly SealedRow[]): Promise<number> {
    return changedCount(
      m,
      `UPDATE audit_events e SET chain_seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(id, seq, prev_hash, hash)
        WHERE e.id = v.id AND e.hash IS NULL`,
      [
        sealed.map((r) => r.id),
        sealed.map((r) => r.chainSeq),
        sealed.map((r) => r.prevHash),
        sealed.map((r) => r.hash),
      ],
    );
  }

  /** Rows not sealed yet. */
  async countUnsealed(m: Queryable): Promise<number> {
    const row = await firstRow(
      m,
      `SELECT count(*)::int AS n FROM audit_events WHERE hash IS NULL AND chain_seq IS NULL`,
    );
    return row === undefined ? 0 : COUNT.parse(row).n;
  }

  /** The next sealed rows by chain_seq after `afterSeq` (from the start when undefined). */
  async chainAfter(
    m: Queryable,
    afterSeq: string | undefined,
    limit: number,
  ): Promise<(AuditRowRecord & { chain_seq: string })[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${AUDIT_ROW.columns()} FROM audit_events
        WHERE chain_seq IS NOT NULL ${afterSeq === undefined ? '' : 'AND chain_seq > $2::bigint'}
        ORDER BY audit_events.chain_seq LIMIT $1`,
      afterSeq === undefined ? [limit] : [limit, afterSeq],
    );
    return AUDIT_ROW.parseAll(rows) as (AuditRowRecord & { chain_seq: string })[];
  }

  /** The first row that carries a hash but has no chain_seq (outside the chain), if any. */
  async firstUnchained(m: Queryable): Promise<string | undefined> {
    const row = await firstRow(
      m,
      `SELECT id::text AS id FROM audit_events
        WHERE chain_seq IS NULL AND (hash IS NOT NULL OR prev_hash IS NOT NULL)
        ORDER BY audit_events.id LIMIT 1`,
    );
    return row === undefined ? undefined : ID.parse(row).id;
  }
}
