import type { EntityManager } from 'typeorm';
import { PositionalParams, SqlValue } from './sql-params';

/**
 * Pure statement builders (no database access): the column lists of INSERT and UPDATE statements from
 * objects, identifiers checked. The runners that execute statements are in base.repository.ts.
 */

/**
 * What a repository runs its statements on: the data source (autocommit) or the use case's transaction.
 * Services pass their transaction's manager down; they never run SQL themselves.
 */
export type Queryable = Pick<EntityManager, 'query'>;

/** A statement and its values, ready for `run(manager, statement)`. */
export interface Statement {
  text: string;
  values: SqlValue[];
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/** A plain SQL identifier (table or column), checked: names never come from a caller. */
export function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return name;
}

/** The columns of a row object whose value is not undefined (undefined = "not part of this write"). */
function present(row: Record<string, SqlValue | undefined>): [string, SqlValue][] {
  return Object.entries(row).filter((e): e is [string, SqlValue] => e[1] !== undefined);
}

/** INSERT INTO table (cols…) VALUES ($1…) [RETURNING …]. */
export function insertStatement(
  table: string,
  row: Record<string, SqlValue | undefined>,
  returning?: string,
): Statement {
  // One placeholder per column: equal values may go to columns of different types.
  const params = new PositionalParams(1, { reuse: false });
  const entries = present(row);
  if (entries.length === 0) throw new Error(`an INSERT into ${table} needs at least one column`);
  const columns = entries.map(([c]) => ident(c)).join(', ');
  const placeholders = entries.map(([, v]) => params.add(v)).join(', ');
  return {
    text:
      `INSERT INTO ${ident(table)} (${columns}) VALUES (${placeholders})` +
      (returning ? ` RETURNING ${returning}` : ''),
    values: params.values,
  };
}

/**
 * UPDATE table SET col = $n, … WHERE <where>: the WHERE clause is written with the same parameter sink
 * (`where(params)`), so its placeholders follow the SET list's. Wrapped in a CTE when it returns rows,
 * because the driver gives a bare UPDATE … RETURNING as [rows, count].
 */
export function updateStatement(
  table: string,
  set: Record<string, SqlValue | undefined>,
  where: (params: PositionalParams) => string,
  opts: { returning?: string; extraSet?: string[] } = {},
): Statement {
  const params = new PositionalParams(1, { reuse: false });
  const assignments = present(set).map(([c, v]) => `${ident(c)} = ${params.add(v)}`);
  assignments.push(...(opts.extraSet ?? []));
  if (assignments.length === 0) throw new Error(`an UPDATE of ${table} needs at least one column`);
  const text = `UPDATE ${ident(table)} SET ${assignments.join(', ')} WHERE ${where(params)}`;
  return {
    text: opts.returning
      ? `WITH changed AS (${text} RETURNING ${opts.returning}) SELECT * FROM changed`
      : text,
    values: params.values,
  };
}

/** PostgreSQL's unique_violation, for a repository that turns it into a domain answer. */
export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  const code = e.code ?? e.driverError?.code;
  const name = e.constraint ?? e.driverError?.constraint;
  return code === UNIQUE_VIOLATION && (constraint === undefined || name === constraint);
}
