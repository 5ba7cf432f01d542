/**
 * Checked row types (docs/ARCHITECTURE.md "Persistence"). A repository declares the shape of the rows a
 * statement returns once; the SELECT list is written from the shape (`columns('c')`) and every row is
 * checked against it as it is read (`parse`), so a column renamed in SQL or a type changed in a migration
 * fails loudly at the repository instead of reaching a service as `undefined`. Nothing is hand-cast.
 */
export interface Column<T> {
  readonly kind: string;
  readonly nullable: boolean;
  /** The SQL expression when it is not the column of the same name (e.g. "(c.opened_at)::text"). */
  readonly expression?: string;
  check(value: unknown): value is T;
}

/** A column kind that can be made nullable and read from an SQL expression, in either order. */
export interface ColumnBuilder<T> extends Column<T> {
  orNull(): ColumnBuilder<T | null>;
  /** Read from an SQL expression ({a}. stands for the alias), e.g. "{a}.completed_on::text". */
  as(expression: string): ColumnBuilder<T>;
}

function build<T>(
  kind: string,
  nullable: boolean,
  check: (v: unknown) => boolean,
  expression?: string,
): ColumnBuilder<T> {
  const accepts = (v: unknown): v is T => (nullable && v === null) || check(v);
  return {
    kind,
    nullable,
    ...(expression === undefined ? {} : { expression }),
    check: accepts,
    orNull: () => build<T | null>(kind, true, check, expression),
    as: (expr: string) => build<T>(kind, nullable, check, expr),
  };
}

function column<T>(kind: string, check: (v: unknown) => boolean): ColumnBuilder<T> {
  return build<T>(kind, false, check);
}

const isString = (v: unknown): boolean => typeof v === 'string';

/** Column kinds, as node-postgres hands them over. */
export const col = {
  text: () => column<string>('text', isString),
  /** uuid, and bigint/numeric (node-postgres gives them as text). */
  uuid: () => column<string>('uuid', isString),
  int: () => column<number>('int', (v) => typeof v === 'number' && Number.isInteger(v)),
  number: () => column<number>('number', (v) => typeof v === 'number'),
  bool: () => column<boolean>('bool', (v) => typeof v === 'boolean'),
  time: () => column<Date>('timestamptz', (v) => v instanceof Date),
  /** date columns: node-postgres is set to give them as 'YYYY-MM-DD' text. */
  day: () => column<string>('date', (v) => typeof v === 'string' || v instanceof Date),
  textArray: () =>
    column<string[]>('text[]', (v) => Array.isArray(v) && v.every((x) => typeof x === 'string')),
  json: <T>() => column<T>('jsonb', (v) => v !== undefined),
  bytes: () => column<Buffer>('bytea', (v) => Buffer.isBuffer(v)),
};

export type RowOf<S extends Record<string, Column<unknown>>> = {
  [K in keyof S]: S[K] extends Column<infer T> ? T : never;
};

export interface RowShape<T> {
  readonly names: readonly string[];
  /** The SELECT list for this shape, the columns qualified with `alias` when given. */
  columns(alias?: string): string;
  /** One row checked against the shape. */
  parse(raw: unknown): T;
  parseAll(raw: readonly unknown[]): T[];
}

/** Thrown when PostgreSQL returned something the repository did not declare: a programming error. */
export class RowShapeError extends Error {}

export function rowShape<S extends Record<string, Column<unknown>>>(
  name: string,
  shape: S,
): RowShape<RowOf<S>> {
  const entries = Object.entries(shape);
  const parse = (raw: unknown): RowOf<S> => {
    if (typeof raw !== 'object' || raw === null) throw new RowShapeError(`${name}: not a row`);
    const row = raw as Record<string, unknown>;
    for (const [key, c] of entries) {
      // Column names and kinds only, never a value: values may be personal data.
      if (!c.check(row[key]))
        throw new RowShapeError(`${name}.${key}: not a ${c.kind}${c.nullable ? ' or null' : ''}`);
    }
    return row as RowOf<S>;
  };
  return {
    names: entries.map(([k]) => k),
    columns(alias?: string): string {
      const q = alias ? `${alias}.` : '';
      return entries
        .map(([k, c]) => (c.expression ? `${c.expression.replaceAll('{a}.', q)} AS ${k}` : `${q}${k}`))
        .join(', ');
    },
    parse,
    parseAll: (raw) => raw.map(parse),
  };
}
