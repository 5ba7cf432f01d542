/**
 * The one SQL parameter helper (docs/ARCHITECTURE.md "Persistence"): every statement built from parts
 * collects its values here and gets placeholders back, so no statement ever splices a value into its text.
 */
export type SqlValue = string | number | boolean | Date | null | readonly unknown[] | Buffer;

/** Collects the values of a SQL fragment and hands out their placeholders. */
export interface ParamSink {
  /** The placeholder for a value; the same primitive value gets the same placeholder. */
  add(value: SqlValue): string;
}

const reusable = (value: SqlValue): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** Placeholders $n, $n+1, … for node-postgres and a repository's statements (`rowsOf`, `run`…). */
export class PositionalParams implements ParamSink {
  readonly values: SqlValue[] = [];
  private readonly seen = new Map<string | number | boolean, string>();

  /**
   * `reuse: false` gives every value its own placeholder: needed where equal values go to columns of
   * different types (a text and a uuid column), which PostgreSQL cannot type through one parameter.
   */
  constructor(
    private readonly first = 1,
    private readonly opts: { reuse?: boolean } = {},
  ) {
    if (!Number.isInteger(first) || first < 1) throw new Error('the first parameter number must be ≥ 1');
  }

  add(value: SqlValue): string {
    const reuse = this.opts.reuse !== false && reusable(value);
    const known = reuse ? this.seen.get(value) : undefined;
    if (known) return known;
    const placeholder = `$${this.first + this.values.length}`;
    this.values.push(value);
    if (reuse) this.seen.set(value, placeholder);
    return placeholder;
  }
}

/** Placeholders :prefix_0, :prefix_1, … for TypeORM's QueryBuilder (`.andWhere(sql, params)`). */
export class NamedParams implements ParamSink {
  readonly values: Record<string, SqlValue> = {};
  private readonly seen = new Map<string | number | boolean, string>();
  private count = 0;

  constructor(private readonly prefix = 'access') {
    if (!/^[a-zA-Z][a-zA-Z0-9_]*$/.test(prefix)) throw new Error('a parameter prefix must be an identifier');
  }

  add(value: SqlValue): string {
    const known = reusable(value) ? this.seen.get(value) : undefined;
    if (known) return known;
    const name = `${this.prefix}_${this.count++}`;
    this.values[name] = value;
    const placeholder = `:${name}`;
    if (reusable(value)) this.seen.set(value, placeholder);
    return placeholder;
  }
}
