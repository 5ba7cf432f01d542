import type { IndexKind } from './crypto.service';

/**
 * Where encrypted values live, so that key rotation can find them: each module registers its encrypted
 * columns (and the blind indexes computed from them) at load, from its `<module>.crypto.ts`.
 * The context of a column is "<table>.<column>", the associated data it was encrypted with.
 */
export interface EncryptedColumn {
  table: string;
  /** The primary key column (one column). */
  idColumn: string;
  column: string;
  /** A value that holds a JSON array of encrypted strings instead of one. */
  array?: boolean;
  /** Blind indexes computed from this column's plaintext. */
  indexes?: { column: string; kind: IndexKind }[];
}

const registry: EncryptedColumn[] = [];

export function registerEncryptedColumns(...columns: EncryptedColumn[]): void {
  for (const c of columns) {
    if (!registry.some((r) => r.table === c.table && r.column === c.column)) registry.push(c);
  }
}

export function encryptedColumns(): readonly EncryptedColumn[] {
  return registry;
}

export const contextOf = (c: Pick<EncryptedColumn, 'table' | 'column'>): string => `${c.table}.${c.column}`;
