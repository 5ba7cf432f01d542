/**
 * Which catalogue (config/catalogues/<name>.yaml) the value of a DTO field must be a key of. The global
 * validation pipe checks these fields in the same pass as the structural rules, so a body with a missing
 * field and an unknown key hears of both at once (issue 12).
 */
export interface CatalogueKeyOptions {
  /** The field is a list, each element a key. */
  each?: boolean;
  /**
   * The code answered when unknown keys are a body's only problems: the code the module answered before
   * the pipe checked keys (error codes are a contract). Registered by the module, as 400.
   */
  code?: string;
}

export interface CatalogueKeyField {
  readonly target: object;
  readonly property: string;
  readonly catalogue: string;
  readonly each: boolean;
  readonly code: string;
}

/** The code of an unknown key unless a field names its own. */
export const UNKNOWN_CATALOGUE_KEY = 'UNKNOWN_CATALOGUE_KEY';

const byClass = new Map<object, CatalogueKeyField[]>();

export function CatalogueKey(catalogue: string, options: CatalogueKeyOptions = {}): PropertyDecorator {
  return (prototype, property) => {
    const target = prototype.constructor;
    const fields = byClass.get(target) ?? [];
    fields.push({
      target,
      property: String(property),
      catalogue,
      each: options.each === true,
      code: options.code ?? UNKNOWN_CATALOGUE_KEY,
    });
    byClass.set(target, fields);
  };
}

/**
 * For a mapped type (PartialType(SurvivorDto)) that copies class-validator's rules but, not extending the
 * source, not these: the target checks the source's catalogue keys too.
 */
export function inheritCatalogueKeys(target: object, source: object): void {
  byClass.set(target, [
    ...(byClass.get(target) ?? []),
    ...catalogueKeyFieldsOf(source).map((f) => ({ ...f, target })),
  ]);
}

/** The decorated fields of a class and of the classes it extends. */
export function catalogueKeyFieldsOf(type: unknown): CatalogueKeyField[] {
  const out: CatalogueKeyField[] = [];
  for (let t = type; typeof t === 'function' && t !== Object && t !== Function.prototype;) {
    out.push(...(byClass.get(t) ?? []));
    t = Object.getPrototypeOf(t) as unknown;
  }
  return out;
}

/** Every decorated field of every class loaded so far (the check that each names a real catalogue). */
export function allCatalogueKeyFields(): CatalogueKeyField[] {
  return [...byClass.values()].flat();
}

/** What the pipe needs of the catalogues (CatalogueService). */
export interface CatalogueLookup {
  has(name: string, key: string): boolean;
  keys(name: string): string[];
}

/** One unknown key, by its dotted path (consents.0.purpose, incident.violenceTypes.1). */
export interface UnknownKey {
  path: string[];
  catalogue: string;
  code: string;
}

/**
 * The unknown keys of a transformed DTO (class instances all the way down), skipping values of the wrong
 * type (their own rule reports them) and paths the caller already has a problem for.
 */
export function unknownCatalogueKeys(
  value: unknown,
  catalogues: CatalogueLookup,
  skip: (path: string) => boolean = () => false,
  path: string[] = [],
  seen = new Set<object>(),
): UnknownKey[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const out: UnknownKey[] = [];
  const fields = catalogueKeyFieldsOf(value.constructor);
  const decorated = new Set(fields.map((f) => f.property));
  for (const f of fields) {
    const v = (value as Record<string, unknown>)[f.property];
    const at = [...path, f.property];
    const check = (key: unknown, p: string[]): void => {
      if (typeof key !== 'string' || skip(p.join('.'))) return;
      if (!catalogues.has(f.catalogue, key)) out.push({ path: p, catalogue: f.catalogue, code: f.code });
    };
    if (f.each) {
      if (Array.isArray(v) && !skip(at.join('.'))) {
        v.forEach((k, i) => {
          check(k, [...at, String(i)]);
        });
      }
    } else check(v, at);
  }
  for (const [k, v] of Object.entries(value)) {
    if (decorated.has(k) || v === null || typeof v !== 'object') continue;
    out.push(...unknownCatalogueKeys(v, catalogues, skip, [...path, k], seen));
  }
  return out;
}
