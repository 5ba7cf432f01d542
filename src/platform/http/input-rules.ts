import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { FieldProblem } from './validation';

/** No text field of Haven takes more (notes are the longest, 10 000); a field may declare less. */
export const MAX_TEXT_LENGTH = 10_000;

const SWAGGER_PROPERTY = 'swagger/apiModelProperties';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// The @Type() targets of nested properties: class-transformer keeps them in a storage it does not type.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

const wellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

function problem(field: string, rule: string, text: string, params: Record<string, string | number> = {}) {
  return { field, problems: [text], rules: [{ rule, params: { field, ...params } }] };
}

/**
 * The rules of every string of an input (body, query, route parameter), at any depth: no NUL (PostgreSQL
 * refuses it in text, and no person types one), no lone surrogate (it cannot be encoded: URIError, broken
 * index keys), and at most MAX_TEXT_LENGTH characters.
 */
export function textProblems(value: unknown, path = '', out: FieldProblem[] = []): FieldProblem[] {
  const field = path || 'body';
  if (typeof value === 'string') {
    if (value.length > MAX_TEXT_LENGTH) {
      out.push(
        problem(
          field,
          'maxLength',
          `${field} must be shorter than or equal to ${MAX_TEXT_LENGTH} characters`,
          {
            c0: MAX_TEXT_LENGTH,
          },
        ),
      );
    } else if (value.includes('\u0000')) {
      out.push(problem(field, 'noNul', `${field} must not contain a NUL character`));
    } else if (!wellFormed(value)) {
      out.push(problem(field, 'wellFormed', `${field} must be well-formed Unicode text`));
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => textProblems(v, path ? `${path}.${i}` : String(i), out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      if (!wellFormed(k) || k.includes('\u0000'))
        out.push(problem(field, 'wellFormed', `${field} has a malformed field name`));
      else textProblems(v, at, out);
    }
  }
  return out;
}

interface PropertyRules {
  optional: boolean;
  nested: boolean;
}

function propertyRules(cls: new () => unknown): Map<string, PropertyRules> {
  const rules = new Map<string, PropertyRules>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    const r = rules.get(m.propertyName) ?? { optional: false, nested: false };
    if (m.type === ValidationTypes.CONDITIONAL_VALIDATION) r.optional = true;
    if (m.type === ValidationTypes.NESTED_VALIDATION) r.nested = true;
    rules.set(m.propertyName, r);
  }
  return rules;
}

function nullable(cls: new () => unknown, property: string): boolean {
  const doc = Reflect.getMetadata(SWAGGER_PROPERTY, cls.prototype as object, property) as
    { nullable?: boolean } | undefined;
  return doc?.nullable === true;
}

function isClass(t: unknown): t is new () => unknown {
  return typeof t === 'function' && ![String, Number, Boolean, Array, Object].includes(t as never);
}

/**
 * What class-validator lets through and the services then trip over: a nested object that is required
 * but absent (@ValidateNested skips undefined), and a null where the field is optional but the OpenAPI
 * document does not declare it nullable (@IsOptional lets null past every other rule). Both become
 * field problems of the same answer as the others.
 */
export function requiredObjectProblems(
  value: unknown,
  metatype: unknown,
  path = '',
  out: FieldProblem[] = [],
): FieldProblem[] {
  if (!isClass(metatype) || value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  const plain = value as Record<string, unknown>;
  for (const [property, r] of propertyRules(metatype)) {
    const field = path ? `${path}.${property}` : property;
    const v = plain[property];
    if (v === undefined || v === null) {
      if (!r.optional && r.nested) {
        out.push(problem(field, 'missing', `${field} is missing`));
      } else if (r.optional && v === null && !nullable(metatype, property)) {
        out.push(problem(field, 'notNull', `${field} must not be null`));
      }
      continue;
    }
    if (!r.nested) continue;
    // findTypeMetadata is typed as always finding one; a @ValidateNested without @Type has none.
    const typeMeta = defaultMetadataStorage.findTypeMetadata(metatype, property) as
      ReturnType<MetadataStorage['findTypeMetadata']> | undefined;
    const nestedType = typeMeta?.typeFunction();
    if (Array.isArray(v))
      v.forEach((item, i) => requiredObjectProblems(item, nestedType, `${field}.${i}`, out));
    else requiredObjectProblems(v, nestedType, field, out);
  }
  return out;
}
