import { parse } from 'yaml';
import { readConfigFile } from '../../platform/config/config-file';
import { ContextRule, contextRuleProblems, ContextVocabulary } from './domain/context';

export const CASES_CONFIG_FILE = 'cases.yaml';

/** The injection token of the loaded CasesConfig. */
export const CASES_CONFIG = Symbol('CASES_CONFIG');

/** Where the intake of an organisation type goes: an organisation id or an organisation's exact name. */
export type IntakeTarget = { readonly organizationId: string } | { readonly organizationName: string };

/** config/cases.yaml, checked (docs/DESIGN.md §3). */
export interface CasesConfig {
  readonly referencePrefix: string;
  /** Organisation type → its candidate targets, in order: the first that exists takes the case. */
  readonly intakeRouting: Readonly<Record<string, readonly IntakeTarget[]>>;
  readonly contextRules: readonly ContextRule[];
}

export class CasesConfigError extends Error {
  override readonly name = 'CasesConfigError';
}

const PREFIX = /^[A-Z]{2,8}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KNOWN = ['referencePrefix', 'intakeRouting', 'contextRules'];

export interface CasesConfigVocabulary extends ContextVocabulary {
  readonly organizationTypes: readonly string[];
}

/** Every problem of the file's text (empty when none), each naming the setting. */
export function casesConfigProblems(text: string, vocabulary: CasesConfigVocabulary): string[] {
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
  if (typeof doc.referencePrefix !== 'string' || !PREFIX.test(doc.referencePrefix)) {
    problems.push('referencePrefix must be 2 to 8 capital letters (A-Z)');
  }
  const routing: unknown = doc.intakeRouting ?? {};
  if (routing === null || typeof routing !== 'object' || Array.isArray(routing)) {
    problems.push('intakeRouting must be a mapping of organisation type to organisation id or name');
  } else {
    for (const [type, target] of Object.entries(routing as Record<string, unknown>)) {
      if (!vocabulary.organizationTypes.includes(type)) {
        problems.push(
          `intakeRouting.${type}: not an organisation type (${vocabulary.organizationTypes.join(', ')})`,
        );
      }
      const named = (t: unknown): boolean => typeof t === 'string' && t.trim() !== '';
      if (Array.isArray(target) ? target.length === 0 || !target.every(named) : !named(target)) {
        problems.push(
          `intakeRouting.${type} must name an organisation (its id or its exact name), or list several`,
        );
      }
    }
  }
  problems.push(...contextRuleProblems(doc.contextRules, vocabulary).map((p) => `contextRules: ${p}`));
  return problems;
}

/** The checked configuration; CasesConfigError naming the file and every problem otherwise. */
export function parseCasesConfig(file: string, text: string, vocabulary: CasesConfigVocabulary): CasesConfig {
  const problems = casesConfigProblems(text, vocabulary);
  if (problems.length > 0) throw new CasesConfigError(`${file}: ${problems.join('; ')}`);
  const doc = parse(text) as {
    referencePrefix: string;
    intakeRouting?: Record<string, string | string[]>;
    contextRules: ContextRule[];
  };
  const intakeRouting: Record<string, IntakeTarget[]> = {};
  for (const [type, target] of Object.entries(doc.intakeRouting ?? {})) {
    intakeRouting[type] = (Array.isArray(target) ? target : [target]).map((raw) => {
      const t = raw.trim();
      return UUID.test(t) ? { organizationId: t.toLowerCase() } : { organizationName: t };
    });
  }
  return { referencePrefix: doc.referencePrefix, intakeRouting, contextRules: doc.contextRules };
}

/** Reads `<configDir>/cases.yaml`; any problem stops the app (CasesConfigError). */
export function loadCasesConfig(configDirectory: string, vocabulary: CasesConfigVocabulary): CasesConfig {
  const { file, text } = readConfigFile(configDirectory, CASES_CONFIG_FILE, (m) => new CasesConfigError(m));
  return parseCasesConfig(file, text, vocabulary);
}
