import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArrayNotEmpty, IsIn, IsNumber, IsObject, IsOptional, IsString, Matches, Min } from 'class-validator';
import {
  NestedList,
  NestedSettings,
  parseSettings,
  SettingsSchema,
} from '../../../platform/config/settings-file';
import type { FilterSpec, Filters } from './measure';

/** A plan's indicator as declared in config/indicators/<plan>.yaml (docs/DESIGN.md §6). */
export interface IndicatorDefinition {
  id: string;
  label: { vi: string; en: string };
  numerator: { measure: string; filters: Filters };
  denominator: { measure: string; filters: Filters } | null;
  /** The plan's target in the indicator's unit (e.g. 80 for 80 %), or null when it sets none. */
  target: number | null;
  unit: IndicatorUnit;
}

export interface IndicatorPlan {
  plan: string;
  title: { vi: string; en: string };
  indicators: IndicatorDefinition[];
}

export const UNITS = ['percent', 'count', 'persons', 'days'] as const;
export type IndicatorUnit = (typeof UNITS)[number];

/** What the checker needs to know of the measures and catalogues. */
export interface PlanVocabulary {
  measures: ReadonlyMap<string, Readonly<Record<string, FilterSpec>>>;
  catalogueKeys(name: string): string[];
}

export class IndicatorPlanError extends Error {
  override readonly name = 'IndicatorPlanError';
}

const ID = /^[a-z][a-z0-9_]*$/;
const PLAN_ID = /^[a-z0-9][a-z0-9-]*$/;
const TEXT = '$path must be a text';
const TARGET = '$path must be a number (0 or more) or absent';
const TERM = '$path must be a mapping with a measure';

/** A label in Vietnamese and in English. */
class LabelSettings {
  @IsString({ message: TEXT })
  @Matches(/\S/, { message: TEXT })
  vi!: string;

  @IsString({ message: TEXT })
  @Matches(/\S/, { message: TEXT })
  en!: string;
}

/** A numerator or denominator: a measure (checked against the registry apart) and its filters. */
class TermSettings {
  @IsString({ message: TERM })
  measure!: string;

  @IsOptional()
  @IsObject({ message: '$path must be a mapping' })
  filters?: Record<string, unknown>;
}

class IndicatorSettings {
  @IsString({ message: '$path must be snake_case' })
  @Matches(ID, { message: '$path must be snake_case' })
  id!: string;

  @NestedSettings(() => LabelSettings, '$path must have vi and en')
  label!: LabelSettings;

  @NestedSettings(() => TermSettings, TERM)
  numerator!: TermSettings;

  @IsOptional()
  @NestedSettings(() => TermSettings, TERM)
  denominator?: TermSettings | null;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: TARGET })
  @Min(0, { message: TARGET })
  target?: number | null;

  @IsIn(UNITS, { message: `$path must be one of ${UNITS.join(', ')}` })
  unit!: IndicatorUnit;
}

/** A plan file as written (the declared schema; the order of its problems). */
class PlanSettings {
  @IsString({ message: '$path must be the plan id, the file name' })
  plan!: string;

  @NestedSettings(() => LabelSettings, '$path must have vi and en')
  title!: LabelSettings;

  @NestedList(() => IndicatorSettings, '$path must be a non-empty list', '$path must be a mapping')
  @ArrayNotEmpty({ message: '$path must be a non-empty list' })
  indicators!: IndicatorSettings[];
}

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The problems of a term's filters against its measure's filter specs (and their catalogues). */
function filterProblems(where: string, measure: string, raw: unknown, vocabulary: PlanVocabulary): string[] {
  const specs = vocabulary.measures.get(measure);
  if (!specs) return [`${where}: unknown measure ${measure} (${[...vocabulary.measures.keys()].join(', ')})`];
  return Object.entries(isRecord(raw) ? raw : {}).flatMap(([name, value]) => {
    const spec = specs[name];
    if (!spec) {
      const known = Object.keys(specs);
      return [`${where}: ${measure} has no filter ${name} (${known.length ? known.join(', ') : 'none'})`];
    }
    if (spec.kind === 'integer') {
      return Number.isInteger(value) && (value as number) >= spec.min && (value as number) <= spec.max
        ? []
        : [`${where}: filter ${name} must be a whole number from ${spec.min} to ${spec.max}`];
    }
    if (spec.single && Array.isArray(value))
      return [`${where}: filter ${name} takes one key of ${spec.catalogue}`];
    const keys = vocabulary.catalogueKeys(spec.catalogue);
    const list = Array.isArray(value) ? (value as unknown[]) : [value];
    return list.length > 0 && list.every((k) => typeof k === 'string' && keys.includes(k))
      ? []
      : [`${where}: filter ${name} must be key(s) of ${spec.catalogue} (${keys.join(', ')})`];
  });
}

/** The problems of a term against the measures registry (none when the schema refused its shape). */
function termProblems(where: string, raw: unknown, vocabulary: PlanVocabulary): string[] {
  if (!isRecord(raw) || typeof raw.measure !== 'string') return [];
  return filterProblems(where, raw.measure, raw.filters, vocabulary);
}

/** What the schema cannot say of the indicators: ids once, a percent's denominator, measures and filters. */
function indicatorProblems(list: unknown, vocabulary: PlanVocabulary): string[] {
  const seen = new Set<string>();
  return (Array.isArray(list) ? (list as unknown[]) : []).flatMap((item, i) => {
    if (!isRecord(item)) return [];
    const id = typeof item.id === 'string' ? item.id : undefined;
    const where = `indicator ${id ?? `#${i + 1}`}`;
    const problems: string[] = [];
    if (id !== undefined && seen.has(id)) problems.push(`${where}: id given twice`);
    if (id !== undefined) seen.add(id);
    const noDenominator = item.denominator === undefined || item.denominator === null;
    if (item.unit === 'percent' && noDenominator) problems.push(`${where}: a percent needs a denominator`);
    problems.push(...termProblems(`${where} numerator`, item.numerator, vocabulary));
    if (!noDenominator) problems.push(...termProblems(`${where} denominator`, item.denominator, vocabulary));
    return problems;
  });
}

function planSchema(planId: string, vocabulary: PlanVocabulary): SettingsSchema<PlanSettings> {
  return {
    type: PlanSettings,
    checks: {
      plan: (plan) => [
        ...(PLAN_ID.test(planId) ? [] : ['the file name must be the plan id (a-z, 0-9, -)']),
        ...(typeof plan === 'string' && plan !== planId ? [`plan must be ${planId}, the file's name`] : []),
      ],
      indicators: (list) => indicatorProblems(list, vocabulary),
    },
  };
}

const label = (l: LabelSettings): { vi: string; en: string } => ({ vi: l.vi, en: l.en });
const term = (t: TermSettings): { measure: string; filters: Filters } => ({
  measure: t.measure,
  filters: { ...((t.filters ?? {}) as Filters) },
});

/** The checked plan; IndicatorPlanError naming the file and every problem (with the indicator) otherwise. */
export function parseIndicatorPlan(
  file: string,
  planId: string,
  text: string,
  vocabulary: PlanVocabulary,
): IndicatorPlan {
  const doc = parseSettings(file, text, planSchema(planId, vocabulary), (m) => new IndicatorPlanError(m));
  return {
    plan: planId,
    title: label(doc.title),
    indicators: doc.indicators.map((i) => ({
      id: i.id,
      label: label(i.label),
      numerator: term(i.numerator),
      denominator: i.denominator ? term(i.denominator) : null,
      target: i.target ?? null,
      unit: i.unit,
    })),
  };
}

/** Every plan of `<configDir>/indicators/*.yaml`, checked; any problem stops the app. */
export function loadIndicatorPlans(
  directory: string,
  shownAs: (path: string) => string,
  vocabulary: PlanVocabulary,
): Map<string, IndicatorPlan> {
  let names: string[];
  try {
    names = readdirSync(directory)
      .filter((n) => n.endsWith('.yaml'))
      .sort();
  } catch (e) {
    throw new IndicatorPlanError(
      `${shownAs(directory)}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const plans = new Map<string, IndicatorPlan>();
  for (const name of names) {
    const path = join(directory, name);
    const plan = parseIndicatorPlan(
      shownAs(path),
      name.slice(0, -'.yaml'.length),
      readFileSync(path, 'utf8'),
      vocabulary,
    );
    plans.set(plan.plan, plan);
  }
  if (plans.size === 0) throw new IndicatorPlanError(`${shownAs(directory)}: no plan (*.yaml)`);
  return plans;
}
