import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readYaml } from '../config/settings-file';
import { CatalogueError, requireFlags, SHAPES, SNAKE_CASE_KEY } from './catalogue-shapes';
import type { Catalogue, CatalogueItem } from './catalogue-types';

export { CatalogueError } from './catalogue-shapes';

export type {
  Catalogue,
  CatalogueItem,
  CatalogueLevel,
  RiskQuestion,
  RiskQuestionnaire,
} from './catalogue-types';

const NAME = /^[a-z][a-z0-9-]*$/;

function checkItems(file: string, list: unknown, what: string, key = SNAKE_CASE_KEY): CatalogueItem[] {
  if (!Array.isArray(list) || list.length === 0)
    throw new CatalogueError(`${file}: ${what} must be a non-empty list`);
  const seen = new Set<string>();
  return list.map((raw: unknown, i) => {
    const item = raw as Partial<CatalogueItem> | null;
    if (!item || typeof item !== 'object')
      throw new CatalogueError(`${file}: ${what}[${i}] must be a mapping`);
    if (typeof item.key !== 'string' || !key.pattern.test(item.key)) {
      throw new CatalogueError(`${file}: ${what}[${i}].key must be ${key.rule}`);
    }
    if (seen.has(item.key)) throw new CatalogueError(`${file}: key ${item.key} appears twice`);
    seen.add(item.key);
    for (const lang of ['vi', 'en'] as const) {
      if (typeof item[lang] !== 'string' || item[lang].trim() === '') {
        throw new CatalogueError(`${file}: ${item.key} needs a ${lang} label`);
      }
    }
    noEmptyField(file, item.key, item);
    return item as CatalogueItem;
  });
}

/**
 * In a YAML flow mapping an unquoted comma splits a label: "{ vi: Luật 13, Điều 3 }" reads as vi: Luật 13
 * plus a field "Điều 3" without a value. A field without a value is always such a break: refused naming
 * the catalogue, the entry and the field.
 */
function noEmptyField(file: string, entry: string, fields: object): void {
  for (const [field, value] of Object.entries(fields)) {
    if (value === null || value === undefined) {
      throw new CatalogueError(
        `${file}: ${entry} has the field "${field}" without a value (an unquoted comma in a label?)`,
      );
    }
  }
}

/** The catalogue's own label: exactly vi and en, each a non-empty string. */
function checkLabel(file: string, label: unknown): asserts label is { vi: string; en: string } {
  if (!label || typeof label !== 'object') throw new CatalogueError(`${file}: label needs vi and en`);
  noEmptyField(file, 'label', label);
  for (const lang of ['vi', 'en'] as const) {
    const text = (label as Record<string, unknown>)[lang];
    if (typeof text !== 'string' || text.trim() === '') {
      throw new CatalogueError(`${file}: label needs vi and en`);
    }
  }
  const extra = Object.keys(label).filter((k) => k !== 'vi' && k !== 'en');
  if (extra.length > 0) throw new CatalogueError(`${file}: label has the unknown field "${extra[0]}"`);
}

/**
 * Parses and checks one catalogue file; throws naming the file and the problem. Keys are snake_case;
 * a catalogue with a shape of its own (catalogue-shapes.ts: risk-questionnaire, shared-fields, …) is
 * checked further.
 */
export function parseCatalogue(file: string, text: string): Catalogue {
  const read = readYaml(text);
  if (!read.ok) throw new CatalogueError(`${file}: ${read.problem}`);
  const doc = read.value as (Partial<Catalogue> & Record<string, unknown>) | null;
  if (!doc || typeof doc !== 'object') throw new CatalogueError(`${file}: not a mapping`);
  if (typeof doc.name !== 'string' || !NAME.test(doc.name))
    throw new CatalogueError(`${file}: name is missing or malformed`);
  checkLabel(file, doc.label);
  const shape = SHAPES[doc.name];
  const items = checkItems(file, doc.items, 'items', shape?.key);
  const groups = doc.groups === undefined ? undefined : checkItems(file, doc.groups, 'groups');
  if (groups) {
    const groupKeys = new Set(groups.map((g) => g.key));
    for (const it of items) {
      if (typeof it.group !== 'string' || !groupKeys.has(it.group)) {
        throw new CatalogueError(
          `${file}: ${it.key} must name one of the groups ${[...groupKeys].join(', ')}`,
        );
      }
    }
  }
  const catalogue: Catalogue = { name: doc.name, label: doc.label, items, groups };
  if (shape?.flags) requireFlags(file, items, shape.flags);
  shape?.items?.(file, items);
  if (shape?.levels) catalogue.levels = shape.levels(file, items, doc.levels);
  return catalogue;
}

/** Loads every *.yaml in config/catalogues; the file name must match the catalogue's name. */
export function loadCatalogues(dir: string): Map<string, Catalogue> {
  const result = new Map<string, Catalogue>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const cat = parseCatalogue(file, readFileSync(join(dir, file), 'utf8'));
    if (`${cat.name}.yaml` !== file)
      throw new CatalogueError(`${file}: name ${cat.name} does not match the file name`);
    result.set(cat.name, cat);
  }
  return result;
}
