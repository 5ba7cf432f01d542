import type { Queryable, Statement } from './statements.sql';

/**
 * The statement runners every repository uses (and only repositories: \`npm run lint\` refuses a call to
 * one anywhere else, as it refuses \`.query(\`). Rows come back as the caller's declared type; parse them
 * with a row shape (row.ts) before they leave the repository.
 */

/** Rows of a SELECT (or of a data-changing statement wrapped in a CTE). */
export function rowsOf<T>(q: Queryable, text: string, values: readonly unknown[] = []): Promise<T[]> {
  return q.query<T[]>(text, values as unknown[]);
}

/** The first row, or undefined. */
export async function firstRow<T>(
  q: Queryable,
  text: string,
  values: readonly unknown[] = [],
): Promise<T | undefined> {
  const rows = await q.query<T[]>(text, values as unknown[]);
  return rows[0];
}

/** Runs a statement built by insertStatement / updateStatement. */
export function run<T = unknown>(q: Queryable, s: Statement): Promise<T[]> {
  return q.query<T[]>(s.text, s.values);
}

/**
 * Runs an UPDATE … RETURNING and gives its rows. Wrapped in a CTE because the driver returns a bare
 * UPDATE's result as [rows, count].
 */
export function updateReturning<T extends object>(
  q: Queryable,
  sql: string,
  params: readonly unknown[],
): Promise<T[]> {
  return q.query<T[]>(`WITH changed AS (${sql}) SELECT * FROM changed`, params as unknown[]);
}

/** How many rows an UPDATE/DELETE changed (the statement is counted through a CTE). */
export async function changedCount(q: Queryable, sql: string, params: readonly unknown[]): Promise<number> {
  const [row] = await q.query<{ n: number }[]>(
    `WITH changed AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM changed`,
    params as unknown[],
  );
  return row?.n ?? 0;
}
