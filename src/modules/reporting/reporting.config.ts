import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parse } from 'yaml';
import { appRoot } from '../../platform/config/app-root';
import type { DisclosureRule } from './domain/disclosure';

export const REPORTING_CONFIG_FILE = 'reporting.yaml';

/** The injection token of the loaded ReportingConfig. */
export const REPORTING_CONFIG = Symbol('REPORTING_CONFIG');

/** config/reporting.yaml, checked (docs/DESIGN.md §6). */
export interface ReportingConfig {
  readonly provinceCode: string;
  readonly managerScope: 'city' | 'organization';
  readonly disclosure: DisclosureRule;
}

export class ReportingConfigError extends Error {
  override readonly name = 'ReportingConfigError';
}

const KNOWN = ['provinceCode', 'managerScope', 'disclosure'];

/** Every problem of the file's text (empty when none), each naming the setting. */
export function reportingConfigProblems(text: string): string[] {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    return [`not valid YAML (${(e as Error).message.split('\n')[0] ?? 'parse error'})`];
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return ['the file must be a mapping'];
  const doc = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(doc)) {
    if (!KNOWN.includes(key)) problems.push(`${key} is not a setting (${KNOWN.join(', ')})`);
  }
  if (typeof doc.provinceCode !== 'string' || !/^\d{2}$/.test(doc.provinceCode)) {
    problems.push('provinceCode must be a two-digit province code (quoted)');
  }
  if (doc.managerScope !== undefined && doc.managerScope !== 'city' && doc.managerScope !== 'organization') {
    problems.push('managerScope must be city or organization');
  }
  const d = doc.disclosure;
  if (d === null || typeof d !== 'object' || Array.isArray(d)) {
    problems.push('disclosure must be a mapping with threshold and maxNoise');
  } else {
    const rule = d as Record<string, unknown>;
    for (const key of Object.keys(rule)) {
      if (key !== 'threshold' && key !== 'maxNoise') problems.push(`disclosure.${key} is not a setting`);
    }
    const t = rule.threshold;
    if (!Number.isInteger(t) || (t as number) < 2 || (t as number) > 100) {
      problems.push('disclosure.threshold must be a whole number from 2 to 100');
    }
    const n = rule.maxNoise;
    if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > 20) {
      problems.push('disclosure.maxNoise must be a whole number from 0 to 20');
    }
  }
  return problems;
}

/** The checked configuration; ReportingConfigError naming the file and every problem otherwise. */
export function parseReportingConfig(file: string, text: string): ReportingConfig {
  const problems = reportingConfigProblems(text);
  if (problems.length > 0) throw new ReportingConfigError(`${file}: ${problems.join('; ')}`);
  const doc = parse(text) as {
    provinceCode: string;
    managerScope?: 'city' | 'organization';
    disclosure: { threshold: number; maxNoise: number };
  };
  return {
    provinceCode: doc.provinceCode,
    managerScope: doc.managerScope ?? 'city',
    disclosure: {
      method: 'cell_key',
      threshold: doc.disclosure.threshold,
      maxNoise: doc.disclosure.maxNoise,
    },
  };
}

/** The path as shown in messages: relative to the app root when inside it. */
export function displayPath(path: string): string {
  const rel = relative(appRoot(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** Reads `<configDir>/reporting.yaml`; any problem stops the app (ReportingConfigError). */
export function loadReportingConfig(configDirectory: string): ReportingConfig {
  const path = join(configDirectory, REPORTING_CONFIG_FILE);
  const file = displayPath(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ReportingConfigError(
      `${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return parseReportingConfig(file, text);
}
