import { parse } from 'yaml';
import { readConfigFile } from '../../platform/config/config-file';

export const REFERRALS_CONFIG_FILE = 'referrals.yaml';

/** The injection token of the loaded ReferralsConfig. */
export const REFERRALS_CONFIG = Symbol('REFERRALS_CONFIG');

/** config/referrals.yaml, checked (docs/DESIGN.md §4). */
export interface ReferralsConfig {
  /** Urgency (a key of referral-urgencies) → hours the provider has to answer. */
  readonly dueHours: Readonly<Record<string, number>>;
  /** Provider types whose `start` opens a stay (admission) and `complete` discharges. */
  readonly stayTypes: readonly string[];
  readonly emergencyReasonMinLength: number;
}

export class ReferralsConfigError extends Error {
  override readonly name = 'ReferralsConfigError';
}

export interface ReferralsConfigVocabulary {
  readonly urgencies: readonly string[];
  readonly organizationTypes: readonly string[];
}

const KNOWN = ['dueHours', 'stayTypes', 'emergencyReasonMinLength'];

/** Every problem of the file's text (empty when none), each naming the setting. */
export function referralsConfigProblems(text: string, vocabulary: ReferralsConfigVocabulary): string[] {
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
  const due = doc.dueHours;
  if (due === null || typeof due !== 'object' || Array.isArray(due)) {
    problems.push(`dueHours must map each urgency (${vocabulary.urgencies.join(', ')}) to hours`);
  } else {
    const entries = due as Record<string, unknown>;
    for (const [urgency, hours] of Object.entries(entries)) {
      if (!vocabulary.urgencies.includes(urgency)) {
        problems.push(`dueHours.${urgency}: not an urgency (${vocabulary.urgencies.join(', ')})`);
      }
      if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0) {
        problems.push(`dueHours.${urgency} must be a number of hours above 0`);
      }
    }
    for (const urgency of vocabulary.urgencies) {
      if (!(urgency in entries)) problems.push(`dueHours.${urgency} is missing`);
    }
  }
  const stayTypes = doc.stayTypes;
  if (!Array.isArray(stayTypes)) {
    problems.push('stayTypes must be a list of organisation types');
  } else {
    stayTypes.forEach((t: unknown, i) => {
      if (typeof t !== 'string' || !vocabulary.organizationTypes.includes(t)) {
        problems.push(
          `stayTypes[${i}]: not an organisation type (${vocabulary.organizationTypes.join(', ')})`,
        );
      }
    });
  }
  const min = doc.emergencyReasonMinLength;
  if (!Number.isInteger(min) || (min as number) < 1 || (min as number) > 1000) {
    problems.push('emergencyReasonMinLength must be a whole number from 1 to 1000');
  }
  return problems;
}

/** The checked configuration; ReferralsConfigError naming the file and every problem otherwise. */
export function parseReferralsConfig(
  file: string,
  text: string,
  vocabulary: ReferralsConfigVocabulary,
): ReferralsConfig {
  const problems = referralsConfigProblems(text, vocabulary);
  if (problems.length > 0) throw new ReferralsConfigError(`${file}: ${problems.join('; ')}`);
  const doc = parse(text) as ReferralsConfig;
  return {
    dueHours: { ...doc.dueHours },
    stayTypes: [...doc.stayTypes],
    emergencyReasonMinLength: doc.emergencyReasonMinLength,
  };
}

/** Reads `<configDir>/referrals.yaml`; any problem stops the app (ReferralsConfigError). */
export function loadReferralsConfig(
  configDirectory: string,
  vocabulary: ReferralsConfigVocabulary,
): ReferralsConfig {
  const { file, text } = readConfigFile(
    configDirectory,
    REFERRALS_CONFIG_FILE,
    (m) => new ReferralsConfigError(m),
  );
  return parseReferralsConfig(file, text, vocabulary);
}
