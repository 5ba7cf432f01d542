import { ValidationError } from 'class-validator';
import { CatalogueLookup, unknownCatalogueKeys } from '../catalogues/catalogue-key';
import '../catalogues/catalogue.errors';
import { DomainError } from './domain-error';
import type { FieldProblem } from './validation';

/** The rule of an unknown key in details.problems (config/i18n validation.unknownCatalogueKey). */
export const UNKNOWN_KEY_RULE = 'unknownCatalogueKey';

function pathsOf(errors: ValidationError[], parent: string, out: Set<string>): Set<string> {
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) out.add(field);
    if (e.children?.length) pathsOf(e.children, field, out);
  }
  return out;
}

/**
 * The unknown catalogue keys of a validated instance as class-validator errors (nested by path, so the
 * flattening names them like any other problem). A field that already broke a rule is left to that rule.
 */
export function catalogueKeyErrors(
  object: object,
  errors: ValidationError[],
  catalogues: CatalogueLookup,
): ValidationError[] {
  const taken = pathsOf(errors, '', new Set());
  const skip = (path: string): boolean => {
    for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '')
      if (taken.has(p)) return true;
    return false;
  };
  return unknownCatalogueKeys(object, catalogues, skip).map((u): ValidationError => {
    const field = u.path.join('.');
    const allowed = catalogues.keys(u.catalogue).join(', ');
    const leaf: ValidationError = Object.assign(new ValidationError(), {
      property: u.path[u.path.length - 1] ?? '',
      value: '',
      constraints: {
        [UNKNOWN_KEY_RULE]: `${field} is not in the ${u.catalogue} catalogue; allowed: ${allowed}`,
      },
      contexts: { [UNKNOWN_KEY_RULE]: { catalogue: u.catalogue, allowed, code: u.code } },
    });
    return u.path
      .slice(0, -1)
      .reduceRight(
        (child: ValidationError, property): ValidationError =>
          Object.assign(new ValidationError(), { property, children: [child] }),
        leaf,
      );
  });
}

/**
 * When unknown keys are ALL the problems of an input, the answer each module gave before the pipe checked
 * keys (its code, 400, the first key's field and allowed values in the message), now naming every unknown
 * key: details { allowed, fields: [{ field, catalogue, allowed }] }. Mixed codes → undefined.
 */
export function onlyUnknownKeys(
  problems: FieldProblem[],
  catalogues: CatalogueLookup,
): DomainError | undefined {
  if (!problems.length) return undefined;
  const keys: { field: string; catalogue: string; code: string }[] = [];
  for (const p of problems) {
    const rules = p.rules ?? [];
    if (!rules.length || rules.some((r) => r.rule !== UNKNOWN_KEY_RULE)) return undefined;
    const { catalogue, code } = rules[0]?.params ?? {};
    keys.push({ field: p.field, catalogue: String(catalogue), code: String(code) });
  }
  if (new Set(keys.map((k) => k.code)).size !== 1) return undefined;
  const fields = keys.map((k) => ({
    field: k.field,
    catalogue: k.catalogue,
    allowed: catalogues.keys(k.catalogue),
  }));
  const allowed = fields[0]?.allowed ?? [];
  // One catalogue: its keys, as before; several: each field with its own.
  const text =
    new Set(keys.map((k) => k.catalogue)).size === 1
      ? allowed.join(', ')
      : fields.map((f) => `${f.field}: ${f.allowed.join(', ')}`).join('; ');
  return new DomainError(
    keys[0]?.code ?? 'UNKNOWN_CATALOGUE_KEY',
    { field: keys.map((k) => k.field).join(', '), allowed: text },
    { allowed, fields },
  );
}
