import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readYaml } from '../../../platform/config/settings-file';
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

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const isLabel = (v: unknown): v is { vi: string; en: string } =>
  isRecord(v) &&
  typeof v.vi === 'string' &&
  v.vi.trim() !== '' &&
  typeof v.en === 'string' &&
  v.en.trim() !== '';

function checkFilters(
  where: string,
  measure: string,
  raw: unknown,
  vocabulary: PlanVocabulary,
  problems: string[],
): Filters {
  const specs = vocabulary.measures.get(measure);
  if (!specs) {
    problems.push(`${where}: unknown measure ${measure} (${[...vocabulary.measures.keys()].join(', ')})`);
    return {};
  }
  if (raw === undefined) return {};
  if (!isRecord(raw)) {
    problems.push(`${where}.filters must be a mapping`);
    return {};
  }
  const filters: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    const spec = specs[name];
    if (!spec) {
      const known = Object.keys(specs);
      problems.push(
        `${where}: ${measure} has no filter ${name} (${known.length ? known.join(', ') : 'none'})`,
      );
      continue;
    }
    if (spec.kind === 'integer') {
      if (!Number.isInteger(value) || (value as number) < spec.min || (value as number) > spec.max) {
        problems.push(`${where}: filter ${name} must be a whole number from ${spec.min} to ${spec.max}`);
      } else filters[name] = value as number;
      continue;
    }
    const keys = vocabulary.catalogueKeys(spec.catalogue);
    const list = Array.isArray(value) ? (value as unknown[]) : [value];
    if (spec.single && Array.isArray(value)) {
      problems.push(`${where}: filter ${name} takes one key of ${spec.catalogue}`);
      continue;
    }
    const bad = list.filter((k) => typeof k !== 'string' || !keys.includes(k));
    if (list.length === 0 || bad.length > 0) {
      problems.push(`${where}: filter ${name} must be key(s) of ${spec.catalogue} (${keys.join(', ')})`);
    } else filters[name] = Array.isArray(value) ? (value as string[]) : (value as string);
  }
  return filters;
}

function checkTerm(
  where: string,
  raw: unknown,
  vocabulary: PlanVocabulary,
  problems: string[],
): { measure: string; filters: Filters } | null {
  if (!isRecord(raw) || typeof raw.measure !== 'string') {
    problems.push(`${where} must be a mapping with a measure`);
    return null;
  }
  for (const k of Object.keys(raw)) {
    if (k !== 'measure' && k !== 'filters')
      problems.push(`${where}.${k} is not a setting (measure, filters)`);
  }
  return {
    measure: raw.measure,
    filters: checkFilters(where, raw.measure, raw.filters, vocabulary, problems),
  };
}

/** The checked plan; IndicatorPlanError naming the file and every problem (with the indicator) otherwise. */
export function parseIndicatorPlan(
  file: string,
  planId: string,
  text: string,
  vocabulary: PlanVocabulary,
): IndicatorPlan {
  const problems: string[] = [];
  const read = readYaml(text);
  if (!read.ok) throw new IndicatorPlanError(`${file}: ${read.problem}`);
  const raw = read.value;
  if (!isRecord(raw)) throw new IndicatorPlanError(`${file}: the file must be a mapping`);
  if (!PLAN_ID.test(planId)) problems.push(`the file name must be the plan id (a-z, 0-9, -)`);
  if (raw.plan !== planId) problems.push(`plan must be ${planId}, the file's name`);
  if (!isLabel(raw.title)) problems.push('title must have vi and en');
  const list = raw.indicators;
  const indicators: IndicatorDefinition[] = [];
  if (!Array.isArray(list) || list.length === 0) problems.push('indicators must be a non-empty list');
  const seen = new Set<string>();
  (Array.isArray(list) ? (list as unknown[]) : []).forEach((item, i) => {
    const id = isRecord(item) && typeof item.id === 'string' ? item.id : undefined;
    const where = `indicator ${id ?? `#${i + 1}`}`;
    if (!isRecord(item)) {
      problems.push(`${where} must be a mapping`);
      return;
    }
    if (!id || !ID.test(id)) problems.push(`${where}: id must be snake_case`);
    else if (seen.has(id)) problems.push(`${where}: id given twice`);
    if (id) seen.add(id);
    for (const k of Object.keys(item)) {
      if (!['id', 'label', 'numerator', 'denominator', 'target', 'unit'].includes(k)) {
        problems.push(`${where}: ${k} is not a setting`);
      }
    }
    if (!isLabel(item.label)) problems.push(`${where}: label must have vi and en`);
    const numerator = checkTerm(`${where} numerator`, item.numerator, vocabulary, problems);
    const denominator =
      item.denominator === undefined || item.denominator === null
        ? null
        : checkTerm(`${where} denominator`, item.denominator, vocabulary, problems);
    const target = item.target ?? null;
    if (target !== null && (typeof target !== 'number' || !Number.isFinite(target) || target < 0)) {
      problems.push(`${where}: target must be a number (0 or more) or absent`);
    }
    const unit = item.unit;
    if (typeof unit !== 'string' || !(UNITS as readonly string[]).includes(unit)) {
      problems.push(`${where}: unit must be one of ${UNITS.join(', ')}`);
    }
    if (unit === 'percent' && (item.denominator === undefined || item.denominator === null)) {
      problems.push(`${where}: a percent needs a denominator`);
    }
    if (numerator && isLabel(item.label) && id) {
      indicators.push({
        id,
        label: { vi: item.label.vi, en: item.label.en },
        numerator,
        denominator,
        target: typeof target === 'number' ? target : null,
        unit: unit as IndicatorUnit,
      });
    }
  });
  if (problems.length > 0) throw new IndicatorPlanError(`${file}: ${problems.join('; ')}`);
  const title = raw.title as { vi: string; en: string };
  return { plan: planId, title: { vi: title.vi, en: title.en }, indicators };
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
