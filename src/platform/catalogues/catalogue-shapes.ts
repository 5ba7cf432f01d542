import type { CatalogueItem, CatalogueLevel } from './catalogue-types';

export class CatalogueError extends Error {}

/** How a catalogue's item keys must look, and how to say so when one does not. */
export interface KeyRule {
  pattern: RegExp;
  rule: string;
}

/** Catalogue keys are English snake_case (docs/DESIGN.md §9: enum values are the catalogue keys). */
export const SNAKE_CASE_KEY: KeyRule = { pattern: /^[a-z][a-z0-9_]*$/, rule: 'snake_case (a-z, 0-9, _)' };

/** Keys that name fields of the API (shared-fields: what a referral may disclose) are camelCase. */
export const CAMEL_CASE_KEY: KeyRule = {
  pattern: /^[a-z][a-zA-Z0-9]*$/,
  rule: 'camelCase (a-z first, then a-z, A-Z, 0-9)',
};

/** What a catalogue with a shape of its own adds to the common one (key, vi, en; optional groups). */
export interface CatalogueShape {
  /** The key rule of its items, when not snake_case. */
  key?: KeyRule;
  /** Fields every item must set to true or false: flags the code decides on. */
  flags?: readonly string[];
  /** Further checks of the items. */
  items?: (file: string, items: CatalogueItem[]) => void;
  /** A scored catalogue: checks its questions and its levels (the document's `levels`), returns the levels. */
  levels?: (file: string, items: CatalogueItem[], levels: unknown) => CatalogueLevel[];
}

const isPositiveInteger = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

export function requireFlags(file: string, items: CatalogueItem[], fields: readonly string[]): void {
  for (const item of items) {
    for (const field of fields) {
      if (typeof item[field] !== 'boolean')
        throw new CatalogueError(`${file}: ${item.key}.${field} must be true or false`);
    }
  }
}

/** Each item of a scored questionnaire: a yes/no question or a 0..max scale, with a positive weight. */
function checkQuestion(file: string, item: CatalogueItem): number {
  const { key, type, max, weight, anchors } = item;
  if (type !== 'boolean' && type !== 'scale')
    throw new CatalogueError(`${file}: ${key}.type must be boolean or scale`);
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0)
    throw new CatalogueError(`${file}: ${key}.weight must be a positive number`);
  if (type === 'boolean') {
    if (max !== undefined) throw new CatalogueError(`${file}: ${key}.max is only for a scale`);
    if (anchors !== undefined) throw new CatalogueError(`${file}: ${key}.anchors are only for a scale`);
    return weight;
  }
  if (!isPositiveInteger(max))
    throw new CatalogueError(`${file}: ${key}.max must be a whole number of at least 1 for a scale`);
  if (anchors !== undefined) {
    const ok =
      Array.isArray(anchors) &&
      anchors.length === max + 1 &&
      anchors.every((a: unknown) => {
        const label = a as { vi?: unknown; en?: unknown } | null;
        return (
          !!label &&
          typeof label.vi === 'string' &&
          label.vi.trim() !== '' &&
          typeof label.en === 'string' &&
          label.en.trim() !== ''
        );
      });
    if (!ok)
      throw new CatalogueError(
        `${file}: ${key}.anchors must give a vi and en label for each value from 0 to ${max}`,
      );
  }
  return max * weight;
}

/**
 * The levels of a scored questionnaire: each named (snake_case, labelled in vi and en) with the score it
 * starts at and whether it alerts the supervisors; the first starts at 0, they ascend strictly, and the
 * highest can be reached.
 */
function checkLevels(file: string, raw: unknown, highestScore: number): CatalogueLevel[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw new CatalogueError(`${file}: levels must be a non-empty list`);
  const seen = new Set<string>();
  const levels = raw.map((entry: unknown, i): CatalogueLevel => {
    const level = entry as Partial<CatalogueLevel> | null;
    if (!level || typeof level !== 'object')
      throw new CatalogueError(`${file}: levels[${i}] must be a mapping`);
    if (typeof level.level !== 'string' || !SNAKE_CASE_KEY.pattern.test(level.level))
      throw new CatalogueError(`${file}: levels[${i}].level must be ${SNAKE_CASE_KEY.rule}`);
    if (seen.has(level.level)) throw new CatalogueError(`${file}: level ${level.level} appears twice`);
    seen.add(level.level);
    for (const lang of ['vi', 'en'] as const) {
      if (typeof level[lang] !== 'string' || level[lang].trim() === '')
        throw new CatalogueError(`${file}: level ${level.level} needs a ${lang} label`);
    }
    if (typeof level.minScore !== 'number' || !Number.isFinite(level.minScore) || level.minScore < 0)
      throw new CatalogueError(`${file}: level ${level.level}.minScore must be a number of 0 or more`);
    if (typeof level.alert !== 'boolean')
      throw new CatalogueError(`${file}: level ${level.level}.alert must be true or false`);
    return level as CatalogueLevel;
  });
  const [first] = levels;
  if (first && first.minScore !== 0)
    throw new CatalogueError(`${file}: the first level (${first.level}) must start at minScore 0`);
  levels.forEach((level, i) => {
    const previous = levels[i - 1];
    if (previous && level.minScore <= previous.minScore)
      throw new CatalogueError(
        `${file}: levels must ascend by minScore: ${level.level} (${level.minScore}) ` +
          `comes after ${previous.level} (${previous.minScore})`,
      );
  });
  const last = levels[levels.length - 1];
  if (last && last.minScore > highestScore)
    throw new CatalogueError(
      `${file}: level ${last.level} can never be reached: minScore ${last.minScore} is above ` +
        `the highest possible score ${highestScore}`,
    );
  return levels;
}

function checkRiskQuestionnaire(file: string, items: CatalogueItem[], levels: unknown): CatalogueLevel[] {
  const highestScore = items.reduce((sum, item) => sum + checkQuestion(file, item), 0);
  return checkLevels(file, levels, highestScore);
}

function checkProtectionMeasures(file: string, items: CatalogueItem[]): void {
  for (const item of items) {
    if (typeof item.article !== 'string' || item.article.trim() === '')
      throw new CatalogueError(`${file}: ${item.key}.article must name the article of the law`);
    for (const limit of ['maxDays', 'maxMonths', 'decisionWithinHours']) {
      if (item[limit] !== undefined && !isPositiveInteger(item[limit]))
        throw new CatalogueError(`${file}: ${item.key}.${limit} must be a whole number of at least 1`);
    }
    if (item.maxDays !== undefined && item.maxMonths !== undefined)
      throw new CatalogueError(`${file}: ${item.key} takes maxDays or maxMonths, not both`);
  }
}

function checkServices(file: string, items: CatalogueItem[]): void {
  for (const item of items) {
    const types = item.providerTypes;
    if (
      !Array.isArray(types) ||
      types.length === 0 ||
      !types.every((t: unknown) => typeof t === 'string' && SNAKE_CASE_KEY.pattern.test(t))
    )
      throw new CatalogueError(
        `${file}: ${item.key}.providerTypes must be a non-empty list of organisation types`,
      );
  }
}

/** A kind of community activity may imply one of the plan's models (1–5): activities of it must carry it. */
function checkActivityKinds(file: string, items: CatalogueItem[]): void {
  for (const item of items) {
    const model = item.model;
    if (model !== undefined && !(Number.isInteger(model) && (model as number) >= 1 && (model as number) <= 5))
      throw new CatalogueError(`${file}: ${item.key}.model must be a whole number from 1 to 5`);
  }
}

/**
 * Catalogues whose items carry more than key and labels, by catalogue name. What the code derives
 * decisions from (intimate partner, personal data, scores, legal time limits) is checked at start-up,
 * so a mistaken edit of config/ stops the app instead of deciding wrongly.
 */
export const SHAPES: Readonly<Record<string, CatalogueShape>> = {
  'risk-questionnaire': { levels: checkRiskQuestionnaire },
  'protection-measures': { items: checkProtectionMeasures },
  services: { items: checkServices },
  'activity-kinds': { items: checkActivityKinds },
  'consent-purposes': { flags: ['sharing'] },
  'consent-givers': { flags: ['childOnly'] },
  relationships: { flags: ['intimatePartner', 'familyMember'] },
  'shared-fields': { key: CAMEL_CASE_KEY, flags: ['personalData'] },
};
