import type { CryptoService, IndexKind } from './crypto.service';
import { registerEncryptedColumns } from './encrypted-fields';
import { normalizeText } from './normalize';

/**
 * Personal data declared once (docs/ARCHITECTURE.md "Personal data"). Each record that holds personal
 * data has one declaration naming, for every protected field, its API name, its encrypted column (whose
 * encryption context is "<table>.<column>"), how its plaintext is written as text, and the blind indexes
 * computed from it. The declaration drives:
 *
 * - the repository's INSERT (`sealInsert`: every declared column, NULL when absent) and partial UPDATE
 *   (`sealPatch`: only the fields given), which are the only way a repository writes these columns;
 * - the read (`open`: the plaintext of a row's declared columns);
 * - key rotation (each declaration registers its columns and single-column indexes at load);
 * - retention's erasure of records tied to a case (`erasure`);
 * - the seed's pre-encrypted pools (`sealOne` with the same contexts);
 * - the test that plants a marker in every declared field and looks for it in pg_dump.
 */

type SingleIndexKind = Exclude<IndexKind, 'name_birth_year'>;

export interface FieldSpec<V> {
  readonly column: string;
  /** Plaintext as text, and back. */
  readonly encode: (value: V) => string;
  readonly decode: (text: string) => V;
  /** A blind index of this field's plaintext, recomputable by key rotation from this column alone. */
  readonly index?: { readonly column: string; readonly kind: SingleIndexKind };
  /** One blind index per element of a string array (a text[] column), e.g. a survivor's phones. */
  readonly elementIndex?: { readonly column: string; readonly kind: SingleIndexKind };
  /**
   * What erasure leaves in a NOT NULL column: the encrypted form of this value instead of NULL. Fields
   * without it are erased to NULL (indexes always to NULL, or '{}' for element indexes).
   */
  readonly erasedTo?: V;
  /** Treat '' like an absent value (free-text fields). */
  readonly emptyIsAbsent: boolean;
}

interface FieldOptions<V> {
  index?: FieldSpec<V>['index'];
  elementIndex?: FieldSpec<V>['elementIndex'];
  erasedTo?: V;
}

/**
 * A free-text or coded string field. An empty string is stored as NULL unless `keepEmpty` (a field whose
 * API keeps "" apart from null).
 */
export function text(
  column: string,
  opts: FieldOptions<string> & { keepEmpty?: boolean } = {},
): FieldSpec<string> {
  const { keepEmpty, ...rest } = opts;
  return { column, encode: (v) => v, decode: (t) => t, emptyIsAbsent: keepEmpty !== true, ...rest };
}

/** A whole number (e.g. a birth year), stored encrypted as its decimal text. */
export function integer(column: string, opts: FieldOptions<number> = {}): FieldSpec<number> {
  return { column, encode: (v) => String(v), decode: (t) => Number(t), emptyIsAbsent: false, ...opts };
}

/** Any JSON value (an object, a list of phones, a questionnaire's answers). */
export function json<T>(column: string, opts: FieldOptions<T> = {}): FieldSpec<T> {
  return {
    column,
    encode: (v) => JSON.stringify(v),
    decode: (t) => JSON.parse(t) as T,
    emptyIsAbsent: false,
    ...opts,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Fields = Record<string, FieldSpec<any>>;

/** The plaintext values of a declaration's fields. */
export type Plain<F extends Fields> = { [K in keyof F]: F[K] extends FieldSpec<infer V> ? V : never };

/** What a write may carry: a field left out (undefined) is not written; null clears it. */
export type PlainPatch<F extends Fields> = { [K in keyof F]?: Plain<F>[K] | null };

/** What a read gives: null for a column that holds NULL. */
export type Opened<F extends Fields> = { [K in keyof F]: Plain<F>[K] | null };

/** A blind index computed from several fields together (e.g. name + birth year for duplicates). */
export interface DerivedIndex<F extends Fields> {
  readonly column: string;
  readonly from: readonly (keyof F)[];
  readonly compute: (crypto: CryptoService, values: PlainPatch<F>) => string | null;
}

/** Column values for a write: ciphertexts, blind indexes, element-index arrays or NULL. */
export type SealedColumns = Record<string, string | string[] | null>;

export interface PersonalDataOptions<F extends Fields> {
  table: string;
  /** The primary key column (one column), for key rotation. */
  idColumn: string;
  /**
   * The column that ties a row to its case, for retention's erasure ("id" for the case itself).
   * Absent for records not tied to a case (users, providers).
   */
  caseColumn?: string;
  fields: F;
  derivedIndexes?: readonly DerivedIndex<F>[];
  /**
   * false keeps the columns out of key rotation (the audit trail: append-only, its hash chain covers the
   * ciphertext, so its values stay under the key they were written with). Default true.
   */
  rotate?: boolean;
}

function indexValue(crypto: CryptoService, kind: SingleIndexKind, plain: string): string | null {
  switch (kind) {
    case 'phone':
      return crypto.phoneIndex(plain) ?? null;
    case 'national_id':
      return crypto.nationalIdIndex(plain) ?? null;
    case 'name':
      return crypto.nameIndex(plain) ?? null;
    case 'text': {
      const n = normalizeText(plain);
      return n === '' ? null : crypto.blindIndex('text', n);
    }
  }
}

export class PersonalData<F extends Fields> {
  readonly table: string;
  readonly idColumn: string;
  readonly caseColumn: string | undefined;
  readonly fields: F;
  private readonly derived: readonly DerivedIndex<F>[];

  constructor(opts: PersonalDataOptions<F>) {
    this.table = opts.table;
    this.idColumn = opts.idColumn;
    this.caseColumn = opts.caseColumn;
    this.fields = opts.fields;
    this.derived = opts.derivedIndexes ?? [];
    for (const [name, f] of this.entries()) {
      if (!f.column.endsWith('_enc'))
        throw new Error(`${this.table}: field ${name}'s column must end in _enc`);
    }
  }

  /** The field names (the API's names) in declaration order. */
  get names(): (keyof F & string)[] {
    return Object.keys(this.fields);
  }

  private entries(): [keyof F & string, FieldSpec<unknown>][] {
    return Object.entries(this.fields) as [keyof F & string, FieldSpec<unknown>][];
  }

  /** The encryption context of a field: "<table>.<column>". */
  context(name: keyof F): string {
    return `${this.table}.${(this.fields[name] as FieldSpec<unknown>).column}`;
  }

  /** Every column the declaration writes: encrypted columns, then blind indexes. */
  get columns(): string[] {
    const out: string[] = [];
    for (const [, f] of this.entries()) {
      out.push(f.column);
      if (f.index) out.push(f.index.column);
      if (f.elementIndex) out.push(f.elementIndex.column);
    }
    for (const d of this.derived) out.push(d.column);
    return out;
  }

  /** The SELECT list of the encrypted columns, qualified with `alias` when given. */
  selectList(alias?: string): string {
    const q = alias ? `${alias}.` : '';
    return this.entries()
      .map(([, f]) => `${q}${f.column}`)
      .join(', ');
  }

  /** One field's ciphertext (or null): for the seed's pools and single-column writes. */
  sealOne<K extends keyof F>(
    crypto: CryptoService,
    name: K,
    value: Plain<F>[K] | null | undefined,
  ): string | null {
    const f = this.fields[name] as FieldSpec<Plain<F>[K]>;
    if (value === undefined || value === null) return null;
    if (f.emptyIsAbsent && value === '') return null;
    return crypto.encrypt(f.encode(value), this.context(name));
  }

  /** One field's plaintext from its ciphertext (null stays null). */
  openOne<K extends keyof F>(crypto: CryptoService, name: K, stored: unknown): Plain<F>[K] | null {
    if (stored === null || stored === undefined) return null;
    if (typeof stored !== 'string') throw new Error(`${this.context(name)}: not a stored ciphertext`);
    const f = this.fields[name] as FieldSpec<Plain<F>[K]>;
    return f.decode(crypto.decrypt(stored, this.context(name)));
  }

  /**
   * The columns of an INSERT: every declared field (NULL when absent) with its blind indexes.
   */
  sealInsert(crypto: CryptoService, values: PlainPatch<F>): SealedColumns {
    const all = {} as PlainPatch<F>;
    for (const name of this.names) (all as Record<string, unknown>)[name] = values[name] ?? null;
    return this.seal(crypto, all);
  }

  /**
   * The columns of a partial UPDATE: only the fields present in `values` (undefined = unchanged,
   * null or '' = cleared), with their blind indexes. A derived index needs all its fields together:
   * the caller merges the stored values first (a half-given derived index is refused, never skipped).
   */
  sealPatch(crypto: CryptoService, values: PlainPatch<F>): SealedColumns {
    return this.seal(crypto, values);
  }

  private seal(crypto: CryptoService, values: PlainPatch<F>): SealedColumns {
    const out: SealedColumns = {};
    for (const [name, f] of this.entries()) {
      if (!(name in values) || values[name] === undefined) continue;
      const v = values[name];
      const absent = v === null || (f.emptyIsAbsent && v === '');
      out[f.column] = absent ? null : crypto.encrypt(f.encode(v), this.context(name));
      if (f.index) out[f.index.column] = absent ? null : indexValue(crypto, f.index.kind, f.encode(v));
      if (f.elementIndex) {
        const list = absent ? [] : (v as unknown as string[]);
        const kind = f.elementIndex.kind;
        out[f.elementIndex.column] = list
          .map((e) => indexValue(crypto, kind, e))
          .filter((x): x is string => x !== null);
      }
    }
    for (const d of this.derived) {
      const given = d.from.filter((k) => values[k] !== undefined);
      if (given.length === 0) continue;
      if (given.length !== d.from.length) {
        throw new Error(
          `${this.table}.${d.column} is computed from ${d.from.join(' + ')}: write them together`,
        );
      }
      out[d.column] = d.compute(crypto, values);
    }
    return out;
  }

  /** A row's declared fields in plaintext. */
  open(crypto: CryptoService, row: Record<string, unknown>): Opened<F> {
    const out = {} as Opened<F>;
    for (const [name, f] of this.entries()) {
      (out as Record<string, unknown>)[name] = this.openOne(crypto, name, row[f.column]);
    }
    return out;
  }

  /**
   * What retention writes when a case's retention ends: every declared field erased (NULL, or the
   * encrypted `erasedTo` for NOT NULL columns), every blind index cleared.
   */
  erasure(crypto: CryptoService): SealedColumns {
    const out: SealedColumns = {};
    for (const [name, f] of this.entries()) {
      out[f.column] =
        f.erasedTo === undefined ? null : crypto.encrypt(f.encode(f.erasedTo), this.context(name));
      if (f.index) out[f.index.column] = null;
      if (f.elementIndex) out[f.elementIndex.column] = [];
    }
    for (const d of this.derived) out[d.column] = null;
    return out;
  }

  /** A SQL condition true when a row still holds any declared value (for counting what erasure changes). */
  holdsAnyCondition(alias?: string): string {
    const q = alias ? `${alias}.` : '';
    return this.entries()
      .filter(([, f]) => f.erasedTo === undefined)
      .map(([, f]) => `${q}${f.column} IS NOT NULL`)
      .join(' OR ');
  }
}

const declarations: PersonalData<Fields>[] = [];

/**
 * Declares a record's personal data (once, in the owning module's `<record>.personal-data.ts`) and
 * registers its columns for key rotation.
 */
export function declarePersonalData<F extends Fields>(opts: PersonalDataOptions<F>): PersonalData<F> {
  const decl = new PersonalData(opts);
  const existing = declarations.find((d) => d.table === decl.table);
  if (existing) return existing as unknown as PersonalData<F>;
  declarations.push(decl as unknown as PersonalData<Fields>);
  if (opts.rotate === false) return decl;
  registerEncryptedColumns(
    ...Object.values(decl.fields).map((f) => ({
      table: decl.table,
      idColumn: decl.idColumn,
      column: f.column,
      ...(f.index ? { indexes: [{ column: f.index.column, kind: f.index.kind }] } : {}),
    })),
  );
  return decl;
}

/** Every declaration loaded so far (for the marker test and documentation). */
export function personalDataDeclarations(): readonly PersonalData<Fields>[] {
  return declarations;
}
