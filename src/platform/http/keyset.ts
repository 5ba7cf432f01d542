import { DomainError } from './domain-error';

/**
 * Keyset pagination (docs/DESIGN.md §9: { items, nextCursor }): an opaque cursor, base64url of a JSON array of
 * the last row's sort values as text (times as PostgreSQL's own text, so no precision is lost).
 */
export function encodeCursor(values: string[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === arity && parsed.every((v) => typeof v === 'string'))
      return parsed;
  } catch {
    // falls through to the refusal below
  }
  throw new DomainError('VALIDATION_FAILED', { fields: 'cursor' }, [
    { field: 'cursor', problems: ['cursor must be a nextCursor returned by this list'] },
  ]);
}

/** The one page shape of every keyset list (docs/DESIGN.md §9). */
export interface Page<T> {
  items: T[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
}

/**
 * A page from rows fetched with LIMIT limit + 1: the first `limit` rows mapped with `toItem`, and a cursor
 * (the last shown row's sort values, from `sortValues`) only when a further row exists.
 */
export function pageOf<R, T>(
  rows: readonly R[],
  limit: number,
  sortValues: (row: R) => string[],
  toItem: (row: R) => T,
): Page<T> {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    items: shown.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(sortValues(last)) : null,
  };
}
