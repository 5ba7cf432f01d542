import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  changedCount,
  col,
  firstRow,
  PositionalParams,
  Queryable,
  rowShape,
  rowsOf,
} from '../../platform/database';
import type { AccessFilter } from '../access';

/** record_key: a random key per call for the statistics' cell-key rule, never shown. */
const MAX_RECORD_KEY = 2 ** 31 - 1;

/** What a call says about itself, checked (catalogue keys, the case readable by the caller). */
export interface CallValues {
  channel: string;
  category: string;
  outcome: string;
  caseId: string | null;
}

export interface Call extends CallValues {
  id: string;
  organizationId: string;
  operatorId: string;
  startedAt: Date;
  durationSeconds: number;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** started_at as PostgreSQL's text, for the keyset cursor (no precision lost). */
  cursorAt: string;
}

export interface CallListFilter {
  /** Inclusive bounds of started_at. */
  from?: Date;
  to?: Date;
  category?: string;
  outcome?: string;
  operatorId?: string;
  after?: { startedAt: string; id: string };
  visible: (firstParam: number) => AccessFilter;
}

const CALL = rowShape('calls', {
  id: col.uuid(),
  organization_id: col.uuid(),
  operator_id: col.uuid(),
  started_at: col.time(),
  cursor_at: col.text().as('{a}.started_at::text'),
  duration_seconds: col.int(),
  channel: col.text(),
  category: col.text(),
  outcome: col.text(),
  case_id: col.uuid().orNull(),
  created_at: col.time(),
  updated_at: col.time(),
  version: col.int(),
});
const ID = rowShape('calls', { id: col.uuid() });

const callOf = (raw: unknown): Call => {
  const r = CALL.parse(raw);
  return {
    id: r.id,
    organizationId: r.organization_id,
    operatorId: r.operator_id,
    startedAt: r.started_at,
    cursorAt: r.cursor_at,
    durationSeconds: r.duration_seconds,
    channel: r.channel,
    category: r.category,
    outcome: r.outcome,
    caseId: r.case_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
};

/** calls: the call log (nothing personal in it). */
@Injectable()
export class CallRepository {
  async insert(
    m: Queryable,
    v: CallValues & { startedAt: Date; durationSeconds: number },
    by: { organizationId: string; operatorId: string },
  ): Promise<Call> {
    const row = await firstRow(
      m,
      `INSERT INTO calls AS cl (organization_id, operator_id, started_at, duration_seconds, channel, category,
              outcome, case_id, record_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING ${CALL.columns('cl')}`,
      [
        by.organizationId,
        by.operatorId,
        v.startedAt,
        v.durationSeconds,
        v.channel,
        v.category,
        v.outcome,
        v.caseId,
        randomInt(0, MAX_RECORD_KEY),
      ],
    );
    if (row === undefined) throw new Error('call insert returned nothing');
    return callOf(row);
  }

  async findById(q: Queryable, id: string): Promise<Call | undefined> {
    const row = await firstRow(q, `SELECT ${CALL.columns('cl')} FROM calls cl WHERE cl.id = $1`, [id]);
    return row === undefined ? undefined : callOf(row);
  }

  /** A page by (started_at, id), newest first, `limit` rows. */
  async page(q: Queryable, f: CallListFilter, limit: number): Promise<Call[]> {
    const p = new PositionalParams();
    const where: string[] = [];
    if (f.from) where.push(`cl.started_at >= ${p.add(f.from)}::timestamptz`);
    if (f.to) where.push(`cl.started_at < ${p.add(f.to)}::timestamptz`);
    if (f.category) where.push(`cl.category = ${p.add(f.category)}`);
    if (f.outcome) where.push(`cl.outcome = ${p.add(f.outcome)}`);
    if (f.operatorId) where.push(`cl.operator_id = ${p.add(f.operatorId)}::uuid`);
    if (f.after) {
      where.push(
        `(cl.started_at, cl.id) < (${p.add(f.after.startedAt)}::timestamptz, ${p.add(f.after.id)}::uuid)`,
      );
    }
    const visible = f.visible(p.values.length + 1);
    where.push(`(${visible.sql})`);
    const rest = new PositionalParams(p.values.length + visible.params.length + 1);
    const rows = await rowsOf(
      q,
      `SELECT ${CALL.columns('cl')} FROM calls cl WHERE ${where.join(' AND ')}
        ORDER BY cl.started_at DESC, cl.id DESC LIMIT ${rest.add(limit)}`,
      [...p.values, ...visible.params, ...rest.values],
    );
    return rows.map(callOf);
  }

  /** The calls that concern a case, newest first (at most `limit`). */
  async listForCase(q: Queryable, caseId: string, limit: number): Promise<Call[]> {
    const rows = await rowsOf(
      q,
      `SELECT ${CALL.columns('cl')} FROM calls cl WHERE cl.case_id = $1
        ORDER BY cl.started_at DESC, cl.id DESC LIMIT $2`,
      [caseId, limit],
    );
    return rows.map(callOf);
  }

  /** Writes the values if the call is still at `version`; undefined when it is not. */
  async updateVersioned(m: Queryable, id: string, version: number, v: CallValues): Promise<Call | undefined> {
    const row = await firstRow(
      m,
      `WITH cl AS (UPDATE calls cl SET channel = $3, category = $4, outcome = $5, case_id = $6,
              version = cl.version + 1, updated_at = now()
        WHERE cl.id = $1 AND cl.version = $2
        RETURNING cl.*)
       SELECT ${CALL.columns('cl')} FROM cl`,
      [id, version, v.channel, v.category, v.outcome, v.caseId],
    );
    return row === undefined ? undefined : callOf(row);
  }

  /** A merge: the merged case's calls now concern the surviving case; the ids moved. */
  async moveCase(m: Queryable, fromCaseId: string, toCaseId: string): Promise<string[]> {
    const rows = await rowsOf(
      m,
      `WITH moved AS (UPDATE calls cl SET case_id = $2, version = cl.version + 1, updated_at = now()
        WHERE cl.case_id = $1 RETURNING cl.id)
       SELECT id FROM moved`,
      [fromCaseId, toCaseId],
    );
    return ID.parseAll(rows).map((r) => r.id);
  }

  /** The undo of a merge: exactly these calls, if still on the surviving case, go back. */
  async moveBack(m: Queryable, ids: readonly string[], fromCaseId: string, toCaseId: string): Promise<void> {
    await changedCount(
      m,
      `UPDATE calls cl SET case_id = $3, version = cl.version + 1, updated_at = now()
        WHERE cl.id = ANY($1::uuid[]) AND cl.case_id = $2`,
      [ids, fromCaseId, toCaseId],
    );
  }
}
