import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readYaml } from '../../../platform/config/settings-file';
import type { PeriodKind } from '../../activities';
import { applies } from '../domain/statistics.sql';
import { DIMENSIONS, MAX_GROUP_BY, SUBJECTS } from '../domain/statistics.types';
import type { Dimension, Subject } from '../domain/statistics.types';

export const REPORT_KINDS = ['monthly', 'semiannual', 'annual'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_FORMATS = ['xlsx', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORTS_CONFIG = Symbol('REPORTS_CONFIG');

export interface Texts {
  vi: string;
  en: string;
}

/** Where a dimension value's label comes from: a catalogue, the geography, or the key itself. */
export type LabelSource = { kind: 'catalogue'; name: string } | { kind: 'commune' | 'province' | 'raw' };

export interface DimensionHeading extends Texts {
  labels: LabelSource;
  /** Vietnamese labels of keys no catalogue holds. */
  values: Readonly<Record<string, string>>;
}

export interface ReportTableSpec {
  id: string;
  sheet: string;
  title: Texts;
  subject: Subject;
  groupBy: Dimension[];
}

export interface ReportKindSpec {
  periods: PeriodKind[];
  title: Texts;
  fileStem: string;
  indicators: string;
  tables: ReportTableSpec[];
}

/** config/reports.yaml, checked. */
export interface ReportsConfig {
  dimensions: Readonly<Partial<Record<Dimension, DimensionHeading>>>;
  kinds: Readonly<Record<ReportKind, ReportKindSpec>>;
}

export class ReportsConfigError extends Error {
  override readonly name = 'ReportsConfigError';
}

const PERIOD_KINDS: readonly PeriodKind[] = ['month', 'quarter', 'half', 'year'];
const SHEET_FORBIDDEN = /[[\]:*?/\\]/;
const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function texts(v: unknown, where: string, problems: string[]): Texts {
  if (!isMap(v) || !isText(v.vi) || !isText(v.en)) {
    problems.push(`${where} must have vi and en texts`);
    return { vi: '', en: '' };
  }
  return { vi: v.vi, en: v.en };
}

function labelSource(
  v: unknown,
  where: string,
  catalogues: readonly string[],
  problems: string[],
): LabelSource {
  if (v === 'commune' || v === 'province' || v === 'raw') return { kind: v };
  if (typeof v === 'string' && v.startsWith('catalogue:')) {
    const name = v.slice('catalogue:'.length);
    if (!catalogues.includes(name)) problems.push(`${where} names an unknown catalogue ${name}`);
    return { kind: 'catalogue', name };
  }
  problems.push(`${where} must be catalogue:<name>, commune, province or raw`);
  return { kind: 'raw' };
}

/**
 * The checked configuration, or ReportsConfigError naming the file and every problem. `catalogues` are
 * the catalogue names that exist (a label source must name one of them).
 */
export function parseReportsConfig(file: string, text: string, catalogues: readonly string[]): ReportsConfig {
  const problems: string[] = [];
  const read = readYaml(text);
  if (!read.ok) throw new ReportsConfigError(`${file}: ${read.problem}`);
  const raw = read.value;
  if (!isMap(raw)) throw new ReportsConfigError(`${file}: the file must be a mapping`);
  const dimensions: Partial<Record<Dimension, DimensionHeading>> = {};
  if (!isMap(raw.dimensions)) problems.push('dimensions must be a mapping');
  for (const [key, v] of Object.entries(isMap(raw.dimensions) ? raw.dimensions : {})) {
    const where = `dimensions.${key}`;
    if (!(DIMENSIONS as readonly string[]).includes(key)) {
      problems.push(`${where} is not a statistics dimension (${DIMENSIONS.join(', ')})`);
      continue;
    }
    const t = texts(v, where, problems);
    const d = isMap(v) ? v : {};
    const values: Record<string, string> = {};
    if (d.values !== undefined) {
      if (!isMap(d.values)) problems.push(`${where}.values must be a mapping of key to label`);
      for (const [k, label] of Object.entries(isMap(d.values) ? d.values : {})) {
        if (!isText(label)) problems.push(`${where}.values.${k} must be a text`);
        else values[k] = label;
      }
    }
    dimensions[key as Dimension] = {
      ...t,
      labels: labelSource(d.labels, `${where}.labels`, catalogues, problems),
      values,
    };
  }
  const kinds = {} as Record<ReportKind, ReportKindSpec>;
  const rawKinds = isMap(raw.kinds) ? raw.kinds : {};
  for (const key of Object.keys(rawKinds)) {
    if (!(REPORT_KINDS as readonly string[]).includes(key))
      problems.push(`kinds.${key} is not a report kind`);
  }
  for (const kind of REPORT_KINDS) {
    const where = `kinds.${kind}`;
    const k = rawKinds[kind];
    if (!isMap(k)) {
      problems.push(`${where} is missing`);
      continue;
    }
    const periods = Array.isArray(k.periods) ? k.periods : [];
    if (periods.length === 0 || periods.some((p) => !PERIOD_KINDS.includes(p as PeriodKind))) {
      problems.push(`${where}.periods must list period kinds (${PERIOD_KINDS.join(', ')})`);
    }
    if (typeof k.fileStem !== 'string' || !/^[a-z0-9-]{1,40}$/.test(k.fileStem)) {
      problems.push(`${where}.fileStem must be lower-case letters, digits and dashes`);
    }
    if (typeof k.indicators !== 'string' || !/^[a-z0-9-]{1,60}$/.test(k.indicators)) {
      problems.push(`${where}.indicators must name a plan`);
    }
    const tables: ReportTableSpec[] = [];
    const rawTables = Array.isArray(k.tables) ? k.tables : [];
    if (rawTables.length === 0) problems.push(`${where}.tables must list at least one table`);
    const sheets = new Set<string>();
    rawTables.forEach((t: unknown, i) => {
      const tw = `${where}.tables[${i}]`;
      if (!isMap(t)) {
        problems.push(`${tw} must be a mapping`);
        return;
      }
      if (typeof t.id !== 'string' || !/^[a-z0-9_]{1,60}$/.test(t.id))
        problems.push(`${tw}.id must be a key`);
      const sheet = typeof t.sheet === 'string' ? t.sheet : '';
      if (sheet === '' || sheet.length > 31 || SHEET_FORBIDDEN.test(sheet)) {
        problems.push(`${tw}.sheet must be 1 to 31 characters without []:*?/\\`);
      } else if (sheets.has(sheet)) problems.push(`${tw}.sheet ${sheet} is used twice`);
      sheets.add(sheet);
      if (!(SUBJECTS as readonly string[]).includes(t.subject as string)) {
        problems.push(`${tw}.subject must be one of ${SUBJECTS.join(', ')}`);
      }
      const groupBy = Array.isArray(t.groupBy) ? (t.groupBy as unknown[]) : [];
      if (groupBy.length < 1 || groupBy.length > MAX_GROUP_BY) {
        problems.push(`${tw}.groupBy must list 1 to ${MAX_GROUP_BY} dimensions`);
      }
      for (const d of groupBy) {
        if (!(DIMENSIONS as readonly string[]).includes(d as string))
          problems.push(`${tw}.groupBy: ${String(d)} is not a dimension`);
        else if (!dimensions[d as Dimension])
          problems.push(`${tw}.groupBy: ${String(d)} has no heading under dimensions`);
        else if (
          (SUBJECTS as readonly string[]).includes(t.subject as string) &&
          !applies(t.subject as Subject, d as Dimension)
        ) {
          problems.push(`${tw}.groupBy: ${String(d)} does not apply to ${String(t.subject)}`);
        }
      }
      tables.push({
        id: String(t.id),
        sheet,
        title: texts(t.title, `${tw}.title`, problems),
        subject: t.subject as Subject,
        groupBy: groupBy as Dimension[],
      });
    });
    kinds[kind] = {
      periods: periods as PeriodKind[],
      title: texts(k.title, `${where}.title`, problems),
      fileStem: String(k.fileStem),
      indicators: String(k.indicators),
      tables,
    };
  }
  if (problems.length > 0) throw new ReportsConfigError(`${file}: ${problems.join('; ')}`);
  return { dimensions, kinds };
}

/** Reads `<configDir>/reports.yaml`; any problem stops the app. */
export function loadReportsConfig(configDirectory: string, catalogues: readonly string[]): ReportsConfig {
  const path = join(configDirectory, 'reports.yaml');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ReportsConfigError(
      `config/reports.yaml: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return parseReportsConfig('config/reports.yaml', text, catalogues);
}
