import { Allow, Matches } from 'class-validator';
import {
  checkSettings,
  loadSettingsFile,
  parseSettings,
  SettingsSchema,
} from '../../platform/config/settings-file';
import { ContextRule, contextRuleProblems, ContextVocabulary } from './domain/context';
import { toTransfersConfig, TransfersConfig, transfersProblems } from './transfers.config';

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
  /** How long a merge of two cases can be undone (days; merge.undoWithinDays, default 14). */
  readonly mergeUndoWithinDays: number;
  readonly transfers: TransfersConfig;
}

export class CasesConfigError extends Error {
  override readonly name = 'CasesConfigError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CasesConfigVocabulary extends ContextVocabulary {
  readonly organizationTypes: readonly string[];
}

/** The settings of config/cases.yaml as written (the declared schema; the order of its problems). */
class CasesSettings {
  @Matches(/^[A-Z]{2,8}$/, { message: 'referencePrefix must be 2 to 8 capital letters (A-Z)' })
  referencePrefix!: string;

  @Allow()
  intakeRouting?: Record<string, string | string[]>;

  @Allow()
  contextRules!: ContextRule[];

  @Allow()
  merge?: { undoWithinDays?: number };

  @Allow()
  transfers?: unknown;
}

function casesSchema(vocabulary: CasesConfigVocabulary): SettingsSchema<CasesSettings> {
  const named = (t: unknown): boolean => typeof t === 'string' && t.trim() !== '';
  return {
    type: CasesSettings,
    checks: {
      intakeRouting: (raw = {}) => {
        if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
          return ['intakeRouting must be a mapping of organisation type to organisation id or name'];
        }
        return Object.entries(raw as Record<string, unknown>).flatMap(([type, target]) => [
          ...(vocabulary.organizationTypes.includes(type)
            ? []
            : [
                `intakeRouting.${type}: not an organisation type (${vocabulary.organizationTypes.join(', ')})`,
              ]),
          ...((Array.isArray(target) ? target.length === 0 || !target.every(named) : !named(target))
            ? [`intakeRouting.${type} must name an organisation (its id or its exact name), or list several`]
            : []),
        ]);
      },
      contextRules: (raw) => contextRuleProblems(raw, vocabulary).map((p) => `contextRules: ${p}`),
      merge: (raw) => mergeProblems(raw),
      transfers: (raw) => transfersProblems(raw, vocabulary.organizationTypes),
    },
  };
}

function mergeProblems(raw: unknown): string[] {
  if (raw === undefined) return [];
  const days: unknown =
    typeof raw === 'object' && raw !== null && 'undoWithinDays' in raw ? raw.undoWithinDays : undefined;
  return typeof days === 'number' && Number.isInteger(days) && days >= 0 && days <= 365
    ? []
    : ['merge.undoWithinDays must be a whole number of days from 0 to 365'];
}

/** Every problem of the file's text (empty when none), each naming the setting. */
export function casesConfigProblems(text: string, vocabulary: CasesConfigVocabulary): string[] {
  return checkSettings(text, casesSchema(vocabulary)).problems;
}

function toConfig(doc: CasesSettings): CasesConfig {
  const intakeRouting: Record<string, IntakeTarget[]> = {};
  for (const [type, target] of Object.entries(doc.intakeRouting ?? {})) {
    intakeRouting[type] = (Array.isArray(target) ? target : [target]).map((raw) => {
      const t = raw.trim();
      return UUID.test(t) ? { organizationId: t.toLowerCase() } : { organizationName: t };
    });
  }
  return {
    referencePrefix: doc.referencePrefix,
    intakeRouting,
    contextRules: doc.contextRules,
    mergeUndoWithinDays: doc.merge?.undoWithinDays ?? 14,
    transfers: toTransfersConfig(doc.transfers),
  };
}

/** The checked configuration; CasesConfigError naming the file and every problem otherwise. */
export function parseCasesConfig(file: string, text: string, vocabulary: CasesConfigVocabulary): CasesConfig {
  return toConfig(parseSettings(file, text, casesSchema(vocabulary), (m) => new CasesConfigError(m)));
}

/** Reads `<configDir>/cases.yaml`; any problem stops the app (CasesConfigError). */
export function loadCasesConfig(configDirectory: string, vocabulary: CasesConfigVocabulary): CasesConfig {
  const { settings } = loadSettingsFile(
    configDirectory,
    CASES_CONFIG_FILE,
    casesSchema(vocabulary),
    (m) => new CasesConfigError(m),
  );
  return toConfig(settings);
}
