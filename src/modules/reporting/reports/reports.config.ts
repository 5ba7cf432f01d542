import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { Type } from 'class-transformer';
import {
  allOf,
  loadSettingsFile,
  NestedList,
  NestedMap,
  NestedSettings,
  parseSettings,
  SettingsSchema,
} from '../../../platform/config/settings-file';
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
const TEXT = '$path must be a text';
const TEXTS = '$path must have vi and en texts';
const LABELS = '$path must be catalogue:<name>, commune, province or raw';
const PERIODS = `$path must list period kinds (${PERIOD_KINDS.join(', ')})`;
const STEM = '$path must be lower-case letters, digits and dashes';
const SHEET = '$path must be 1 to 31 characters without []:*?/\\';
const GROUP_BY = `$path must list 1 to ${MAX_GROUP_BY} dimensions`;

/** A text in Vietnamese and in English. */
class TextsSettings {
  @IsString({ message: TEXT })
  @Matches(/\S/, { message: TEXT })
  vi!: string;

  @IsString({ message: TEXT })
  @Matches(/\S/, { message: TEXT })
  en!: string;
}

/** dimensions.<dimension>: its heading, where its values' labels come from, labels of further keys. */
class DimensionSettings extends TextsSettings {
  @IsString({ message: LABELS })
  @Matches(/^(catalogue:.+|commune|province|raw)$/, { message: LABELS })
  labels!: string;

  @IsOptional()
  @IsString({ each: true, message: '$path must be a mapping of key to a text' })
  @Type(() => Object)
  values?: Map<string, string>;
}

class TableSettings {
  @IsString({ message: '$path must be a key' })
  @Matches(/^[a-z0-9_]{1,60}$/, { message: '$path must be a key' })
  id!: string;

  @IsString({ message: SHEET })
  @Length(1, 31, { message: SHEET })
  @Matches(/^[^[\]:*?/\\]*$/, { message: SHEET })
  sheet!: string;

  @NestedSettings(() => TextsSettings, TEXTS)
  title!: TextsSettings;

  @IsIn(SUBJECTS, { message: `$path must be one of ${SUBJECTS.join(', ')}` })
  subject!: Subject;

  @IsArray({ message: GROUP_BY })
  @ArrayNotEmpty({ message: GROUP_BY })
  @ArrayMaxSize(MAX_GROUP_BY, { message: GROUP_BY })
  groupBy!: Dimension[];
}

class KindSettings {
  @IsArray({ message: PERIODS })
  @ArrayNotEmpty({ message: PERIODS })
  @IsIn(PERIOD_KINDS, { each: true, message: PERIODS })
  periods!: PeriodKind[];

  @NestedSettings(() => TextsSettings, TEXTS)
  title!: TextsSettings;

  @IsString({ message: STEM })
  @Matches(/^[a-z0-9-]{1,40}$/, { message: STEM })
  fileStem!: string;

  @IsString({ message: '$path must name a plan' })
  @Matches(/^[a-z0-9-]{1,60}$/, { message: '$path must name a plan' })
  indicators!: string;

  @NestedList(() => TableSettings, '$path must list at least one table', '$path must be a mapping')
  @ArrayNotEmpty({ message: '$path must list at least one table' })
  tables!: TableSettings[];
}

/** A report kind: present, a mapping. */
const Kind = (): PropertyDecorator =>
  allOf(
    IsDefined({ message: '$path is missing' }),
    NestedSettings(() => KindSettings, '$path must be a mapping'),
  );

class KindsSettings {
  @Kind() monthly!: KindSettings;
  @Kind() semiannual!: KindSettings;
  @Kind() annual!: KindSettings;
}

/** config/reports.yaml as written (the declared schema; the order of its problems). */
class ReportsSettings {
  @NestedMap(() => DimensionSettings, '$path must be a mapping')
  dimensions!: Map<string, DimensionSettings>;

  @NestedSettings(() => KindsSettings, '$path must be a mapping')
  kinds!: KindsSettings;
}

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);
const isDimension = (d: unknown): d is Dimension => (DIMENSIONS as readonly unknown[]).includes(d);
const isSubject = (s: unknown): s is Subject => (SUBJECTS as readonly unknown[]).includes(s);

/** What the schema cannot say of the dimensions: each is a statistics dimension; its catalogue exists. */
function dimensionProblems(raw: unknown, catalogues: readonly string[]): string[] {
  return Object.entries(isMap(raw) ? raw : {}).flatMap(([key, v]) => {
    const where = `dimensions.${key}`;
    if (!isDimension(key)) return [`${where} is not a statistics dimension (${DIMENSIONS.join(', ')})`];
    const labels = isMap(v) ? v.labels : undefined;
    if (typeof labels !== 'string' || !labels.startsWith('catalogue:')) return [];
    const name = labels.slice('catalogue:'.length);
    return catalogues.includes(name) ? [] : [`${where}.labels names an unknown catalogue ${name}`];
  });
}

/** What the schema cannot say of a kind's tables: sheets used once, dimensions headed and applying. */
function tableProblems(where: string, tables: unknown, dimensions: unknown): string[] {
  const headed = isMap(dimensions) ? dimensions : {};
  const sheets = new Set<string>();
  return (Array.isArray(tables) ? (tables as unknown[]) : []).flatMap((t, i) => {
    if (!isMap(t)) return [];
    const tw = `${where}.tables[${i}]`;
    const problems: string[] = [];
    if (typeof t.sheet === 'string') {
      if (sheets.has(t.sheet)) problems.push(`${tw}.sheet ${t.sheet} is used twice`);
      sheets.add(t.sheet);
    }
    for (const d of Array.isArray(t.groupBy) ? (t.groupBy as unknown[]) : []) {
      if (!isDimension(d)) problems.push(`${tw}.groupBy: ${String(d)} is not a dimension`);
      else if (!isMap(headed[d])) problems.push(`${tw}.groupBy: ${d} has no heading under dimensions`);
      else if (isSubject(t.subject) && !applies(t.subject, d)) {
        problems.push(`${tw}.groupBy: ${d} does not apply to ${t.subject}`);
      }
    }
    return problems;
  });
}

function reportsSchema(catalogues: readonly string[]): SettingsSchema<ReportsSettings> {
  return {
    type: ReportsSettings,
    checks: {
      dimensions: (raw) => dimensionProblems(raw, catalogues),
      kinds: (raw, doc) =>
        REPORT_KINDS.flatMap((kind) => {
          const k = isMap(raw) ? raw[kind] : undefined;
          return isMap(k) ? tableProblems(`kinds.${kind}`, k.tables, doc.dimensions) : [];
        }),
    },
  };
}

/** The checked document as written: its mappings of free keys are plain objects, not Maps. */
type Written = Omit<ReportsSettings, 'dimensions'> & {
  dimensions: Record<string, Omit<DimensionSettings, 'values'> & { values?: Record<string, string> }>;
};

const texts = (t: TextsSettings): Texts => ({ vi: t.vi, en: t.en });

function labelSource(labels: string): LabelSource {
  if (labels.startsWith('catalogue:')) return { kind: 'catalogue', name: labels.slice('catalogue:'.length) };
  return { kind: labels as 'commune' | 'province' | 'raw' };
}

/** The checked document as the reports use it. */
function toConfig(settings: ReportsSettings): ReportsConfig {
  const doc = settings as unknown as Written;
  const dimensions: Partial<Record<Dimension, DimensionHeading>> = {};
  for (const [key, d] of Object.entries(doc.dimensions)) {
    dimensions[key as Dimension] = { ...texts(d), labels: labelSource(d.labels), values: { ...d.values } };
  }
  const kind = (k: KindSettings): ReportKindSpec => ({
    periods: k.periods,
    title: texts(k.title),
    fileStem: k.fileStem,
    indicators: k.indicators,
    tables: k.tables.map((t) => ({
      id: t.id,
      sheet: t.sheet,
      title: texts(t.title),
      subject: t.subject,
      groupBy: t.groupBy,
    })),
  });
  const { monthly, semiannual, annual } = doc.kinds;
  return {
    dimensions,
    kinds: { monthly: kind(monthly), semiannual: kind(semiannual), annual: kind(annual) },
  };
}

const fail = (message: string): Error => new ReportsConfigError(message);

/**
 * The checked configuration, or ReportsConfigError naming the file and every problem. `catalogues` are
 * the catalogue names that exist (a label source must name one of them).
 */
export function parseReportsConfig(file: string, text: string, catalogues: readonly string[]): ReportsConfig {
  return toConfig(parseSettings(file, text, reportsSchema(catalogues), fail));
}

/** Reads `<configDir>/reports.yaml`; any problem stops the app. */
export function loadReportsConfig(configDirectory: string, catalogues: readonly string[]): ReportsConfig {
  const { settings } = loadSettingsFile(configDirectory, 'reports.yaml', reportsSchema(catalogues), fail);
  return toConfig(settings);
}
