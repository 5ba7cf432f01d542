/** Collects the values of a SQL fragment and hands out their placeholders. */
export interface ParamSink {
  /** The placeholder for a value; the same value gets the same placeholder. */
  add(value: string | number | boolean): string;
}

/** Placeholders $n, $n+1, … for node-postgres and `manager.query(sql, params)`. */
export class PositionalParams implements ParamSink {
  readonly values: (string | number | boolean)[] = [];
  private readonly seen = new Map<string | number | boolean, string>();

  constructor(private readonly first = 1) {
    if (!Number.isInteger(first) || first < 1) throw new Error('the first parameter number must be ≥ 1');
  }

  add(value: string | number | boolean): string {
    const known = this.seen.get(value);
    if (known) return known;
    const placeholder = `$${this.first + this.values.length}`;
    this.values.push(value);
    this.seen.set(value, placeholder);
    return placeholder;
  }
}

/** Placeholders :prefix_0, :prefix_1, … for TypeORM's QueryBuilder (`.andWhere(sql, params)`). */
export class NamedParams implements ParamSink {
  readonly values: Record<string, string | number | boolean> = {};
  private readonly seen = new Map<string | number | boolean, string>();
  private count = 0;

  constructor(private readonly prefix = 'access') {
    if (!/^[a-zA-Z][a-zA-Z0-9_]*$/.test(prefix)) throw new Error('a parameter prefix must be an identifier');
  }

  add(value: string | number | boolean): string {
    const known = this.seen.get(value);
    if (known) return known;
    const name = `${this.prefix}_${this.count++}`;
    this.values[name] = value;
    const placeholder = `:${name}`;
    this.seen.set(value, placeholder);
    return placeholder;
  }
}
