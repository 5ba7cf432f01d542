import { Injectable } from '@nestjs/common';
import { firstRow, rowsOf } from '../database/base.repository';
import { ident, Queryable } from '../database/statements.sql';
import { PositionalParams } from '../database/sql-params';
import { col, rowShape } from '../database/row';
import type { EncryptedColumn } from './encrypted-fields';

/** The keys a value or a blind index must be under not to be stale. */
export interface CurrentKeys {
  activeKeyId: string;
  indexKeyId: string;
}

/** A row whose value (or one of its blind indexes) is stale, as read: the text of each column. */
export interface StaleRow {
  id: string;
  value: string;
  /** The column's blind indexes, in the order of `c.indexes`. */
  indexes: (string | null)[];
}

/**
 * SQL that is true for a row whose value, or one of whose blind indexes, is stale. A value is
 * "v1.<keyId>.…" (an array column holds a JSON array of them), an index "<indexKeyId>:<hex>".
 */
function staleCondition(c: EncryptedColumn, keys: CurrentKeys, params: PositionalParams): string {
  const key = params.add(keys.activeKeyId);
  const parts = [
    c.array
      ? `EXISTS (SELECT 1 FROM jsonb_array_elements_text(${ident(c.column)}::jsonb) AS e(v)
                    WHERE split_part(e.v, '.', 2) <> ${key})`
      : `split_part(${ident(c.column)}, '.', 2) <> ${key}`,
  ];
  if (c.indexes?.length) {
    const indexKey = params.add(keys.indexKeyId);
    for (const ix of c.indexes) parts.push(`split_part(${ident(ix.column)}, ':', 1) <> ${indexKey}`);
  }
  return parts.join(' OR ');
}

const COUNT = rowShape('stale count', { n: col.int() });
const COLUMN = rowShape('information_schema.columns', { t: col.text(), c: col.text() });

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Key rotation's statements over any registered encrypted column (docs/DESIGN.md §7). Table and column
 * names come from the registry, never from a caller, and are checked as plain identifiers.
 */
@Injectable()
export class KeyRotationRepository {
  /** The next `limit` stale rows after id `after` (keyset by primary key). */
  async staleBatch(
    m: Queryable,
    c: EncryptedColumn,
    keys: CurrentKeys,
    after: string | null,
    limit: number,
  ): Promise<StaleRow[]> {
    const params = new PositionalParams();
    const stale = staleCondition(c, keys, params);
    const keyset = after !== null ? `AND ${ident(c.idColumn)} > ${params.add(after)}` : '';
    const indexes = c.indexes ?? [];
    const rows = await rowsOf<Record<string, unknown>>(
      m,
      `SELECT ${ident(c.idColumn)}::text AS id, ${ident(c.column)}::text AS value
              ${indexes.map((ix, i) => `, ${ident(ix.column)}::text AS ix${i}`).join('')}
         FROM ${ident(c.table)}
        WHERE ${ident(c.column)} IS NOT NULL ${keyset} AND (${stale})
        ORDER BY ${ident(c.idColumn)}
        LIMIT ${params.add(limit)}`,
      params.values,
    );
    return rows.map((r) => ({
      id: text(r.id) ?? '',
      value: text(r.value) ?? '',
      indexes: indexes.map((_, i) => text(r[`ix${i}`])),
    }));
  }

  /**
   * Writes the fresh value and indexes of one row, only if its value is still `read` (optimistic: a row
   * changed meanwhile is left alone). False when the row was not written.
   */
  async rewrite(
    m: Queryable,
    c: EncryptedColumn,
    id: string,
    read: string,
    set: Readonly<Record<string, string | null>>,
  ): Promise<boolean> {
    const params = new PositionalParams();
    const idParam = params.add(id);
    const readParam = params.add(read);
    const sets = Object.entries(set).map(([column, v]) => `${ident(column)} = ${params.add(v)}`);
    if (sets.length === 0) return false;
    // A bare UPDATE (the driver answers [rows, count]): what a lock waiting on the row shows as its query.
    const [, changed] = await m.query<[unknown, number]>(
      `UPDATE ${ident(c.table)} SET ${sets.join(', ')}
          WHERE ${ident(c.idColumn)}::text = ${idParam} AND ${ident(c.column)}::text = ${readParam}`,
      params.values,
    );
    return changed === 1;
  }

  async countStale(q: Queryable, c: EncryptedColumn, keys: CurrentKeys): Promise<number> {
    const params = new PositionalParams();
    const stale = staleCondition(c, keys, params);
    const row = await firstRow(
      q,
      `SELECT count(*)::int AS n FROM ${ident(c.table)} WHERE ${ident(c.column)} IS NOT NULL AND (${stale})`,
      params.values,
    );
    return row ? COUNT.parse(row).n : 0;
  }

  /** Every column named *_enc in the current schema, as "table.column". */
  async encryptedColumnNames(q: Queryable): Promise<string[]> {
    const rows = await rowsOf(
      q,
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name LIKE '%\\_enc' ORDER BY 1, 2`,
    );
    return COLUMN.parseAll(rows).map((r) => `${r.t}.${r.c}`);
  }
}
