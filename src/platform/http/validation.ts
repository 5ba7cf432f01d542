import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidatorOptions } from 'class-validator';
import { CatalogueLookup } from '../catalogues/catalogue-key';
import { Language, translate } from '../i18n/i18n';
import { catalogueKeyErrors, onlyUnknownKeys } from './catalogue-validation';
import { DomainError } from './domain-error';
import { requiredObjectProblems, textProblems } from './input-rules';

/** One failed rule, for the translation of a problem: `validation.<rule>` in config/i18n. */
export interface RuleProblem {
  rule: string;
  params?: Record<string, string | number>;
}

export interface FieldProblem {
  field: string;
  /** English texts, as class-validator or the rule wrote them; localised on the way out (error-body). */
  problems: string[];
  /** The rules behind `problems`, same order: the other languages are built from them. */
  rules?: RuleProblem[];
}

/** The constraints declared for a rule of a property (MaxLength(40) → [40]), from class-validator. */
function constraintsOf(target: object | undefined, property: string, rule: string): unknown[] {
  if (!target) return [];
  const metas = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  const meta = metas.find((m) => m.propertyName === property && (m.name === rule || m.type === rule));
  return (meta?.constraints as unknown[] | undefined) ?? [];
}

function paramsOf(constraints: unknown[]): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  constraints.forEach((c, i) => {
    if (typeof c === 'number' || typeof c === 'string') params[`c${i}`] = c;
    else if (Array.isArray(c)) params[`c${i}`] = c.join(', ');
  });
  return params;
}

/** Flattens class-validator's tree into dotted field paths (survivor.phones.0) with their problems. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) {
      const entries = Object.entries(e.constraints);
      // A value that is not there at all is missing, whatever rules it would have broken.
      if (
        e.value === undefined &&
        entries.every(([rule]) => rule !== 'whitelistValidation') &&
        'value' in e
      ) {
        out.push(missing(field));
      } else {
        out.push({
          field,
          problems: entries.map(([rule, text]) =>
            rule === 'whitelistValidation' ? `${field} is not a known field` : text,
          ),
          rules: entries.map(([rule]) => ({
            rule,
            params: {
              field,
              ...paramsOf(constraintsOf(e.target, e.property, rule)),
              ...contextParams(e.contexts?.[rule]),
            },
          })),
        });
      }
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** Params a rule of Haven's own put on its error (contexts), e.g. the catalogue of an unknown key. */
function contextParams(context: unknown): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (context && typeof context === 'object') {
    for (const [k, v] of Object.entries(context))
      if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  }
  return out;
}

export function missing(field: string): FieldProblem {
  return { field, problems: [`${field} is missing`], rules: [{ rule: 'missing', params: { field } }] };
}

export function validationFailed(problems: FieldProblem[]): DomainError {
  return new DomainError('VALIDATION_FAILED', { fields: problems.map((p) => p.field).join(', ') }, problems);
}

/** Problems of one field replace those class-validator found for the same field (a missing object…). */
function merge(first: FieldProblem[], second: FieldProblem[]): FieldProblem[] {
  const taken = new Set(first.map((p) => p.field));
  return [...first, ...second.filter((p) => !taken.has(p.field))];
}

/**
 * The global pipe: unknown fields are refused (whitelist + forbidNonWhitelisted), values are converted to
 * the declared types, and every error names its field. Every problem of an input is reported at once:
 * the text rules of every string (no NUL, no lone surrogate, a length cap), required nested objects and
 * nulls where the document does not allow them, then class-validator's rules. Messages never echo the
 * submitted value.
 */
export class HavenValidationPipe extends ValidationPipe {
  /** Without catalogues (a unit test of the structural rules) catalogue keys are left to the services. */
  constructor(private readonly catalogues?: CatalogueLookup) {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      // Target and value are read to name the constraints and to tell a missing field; neither is sent.
      validationError: { target: true, value: true },
      stopAtFirstError: false,
      exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    const early = merge(
      textProblems(value, metadata.data ?? ''),
      requiredObjectProblems(value, metadata.metatype),
    );
    try {
      const out: unknown = await super.transform(value, metadata);
      if (early.length) throw validationFailed(early);
      return out;
    } catch (e) {
      // A rule may throw on text the early pass refused (isEmail on a lone surrogate: URIError).
      if (!(e instanceof DomainError) || e.code !== 'VALIDATION_FAILED') {
        if (early.length) throw validationFailed(early);
        throw e;
      }
      const later = (e.details as FieldProblem[] | undefined) ?? [];
      const all = merge(early, later);
      throw (this.catalogues && onlyUnknownKeys(all, this.catalogues)) ?? validationFailed(all);
    }
  }

  /** class-validator's rules, then the catalogue keys of the same instance: one pass, every problem. */
  protected override async validate(
    object: object,
    validatorOptions?: ValidatorOptions,
  ): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    if (!this.catalogues) return errors;
    return [...errors, ...catalogueKeyErrors(object, errors, this.catalogues)];
  }
}

export function createValidationPipe(catalogues?: CatalogueLookup): ValidationPipe {
  return new HavenValidationPipe(catalogues);
}

/**
 * The problems as the caller reads them: English as written, any other language from the rules
 * (`validation.<rule>` in config/i18n, `validation.invalid` for a rule without its own text).
 */
export function localiseProblems(details: unknown, lang: Language): unknown {
  if (!Array.isArray(details)) return details;
  return (details as (FieldProblem | null)[]).map((d) => {
    if (!d || lang === 'en' || !Array.isArray(d.rules)) return d && { field: d.field, problems: d.problems };
    return {
      field: d.field,
      problems: d.rules.map((r) => {
        const params = { field: d.field, ...(r.params ?? {}) };
        const text = translate(`validation.${r.rule}`, lang, params);
        return text === `validation.${r.rule}` ? translate('validation.invalid', lang, params) : text;
      }),
    };
  });
}
