import { parse } from 'yaml';
import { readConfigFile } from '../../platform/config/config-file';

export const FOLLOWUPS_CONFIG_FILE = 'followups.yaml';

/** The injection token of the loaded FollowupsConfig. */
export const FOLLOWUPS_CONFIG = Symbol('FOLLOWUPS_CONFIG');

/** config/followups.yaml, checked (docs/DESIGN.md §5): the rules that make follow-ups. */
export interface FollowupsConfig {
  readonly safetyPlanWithinHours: number;
  readonly reviewEveryDays: number;
  readonly overrideReviewWithinHours: number;
  readonly measureExpiryNoticeHours: number;
  readonly measureDecisionHours: number;
  /** Keys of protection-measures whose decision, while awaited, is a measure_decision follow-up. */
  readonly measureDecisionTypes: readonly string[];
  /** Keys of follow-up-kinds a person may choose by hand. */
  readonly manualKinds: readonly string[];
}

export class FollowupsConfigError extends Error {
  override readonly name = 'FollowupsConfigError';
}

export interface FollowupsConfigVocabulary {
  readonly kinds: readonly string[];
  readonly measureTypes: readonly string[];
}

const HOURS = [
  'safetyPlanWithinHours',
  'overrideReviewWithinHours',
  'measureExpiryNoticeHours',
  'measureDecisionHours',
] as const;
const KNOWN = [...HOURS, 'reviewEveryDays', 'measureDecisionTypes', 'manualKinds'];

function keyList(
  doc: Record<string, unknown>,
  setting: string,
  allowed: readonly string[],
  what: string,
  problems: string[],
): void {
  const list = doc[setting];
  if (!Array.isArray(list) || list.length === 0) {
    problems.push(`${setting} must be a non-empty list of ${what}`);
    return;
  }
  list.forEach((v: unknown, i) => {
    if (typeof v !== 'string' || !allowed.includes(v)) {
      problems.push(`${setting}[${i}]: not ${what} (${allowed.join(', ')})`);
    }
  });
}

/** Every problem of the file's text (empty when none), each naming the setting. */
export function followupsConfigProblems(text: string, vocabulary: FollowupsConfigVocabulary): string[] {
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
  for (const setting of HOURS) {
    const v = doc[setting];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 24 * 366) {
      problems.push(`${setting} must be a number of hours above 0 (at most a year)`);
    }
  }
  const days = doc.reviewEveryDays;
  if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > 366) {
    problems.push('reviewEveryDays must be a whole number of days from 1 to 366');
  }
  keyList(doc, 'measureDecisionTypes', vocabulary.measureTypes, 'a protection measure', problems);
  keyList(doc, 'manualKinds', vocabulary.kinds, 'a follow-up kind', problems);
  return problems;
}

/** The checked configuration; FollowupsConfigError naming the file and every problem otherwise. */
export function parseFollowupsConfig(
  file: string,
  text: string,
  vocabulary: FollowupsConfigVocabulary,
): FollowupsConfig {
  const problems = followupsConfigProblems(text, vocabulary);
  if (problems.length > 0) throw new FollowupsConfigError(`${file}: ${problems.join('; ')}`);
  const doc = parse(text) as FollowupsConfig;
  return {
    safetyPlanWithinHours: doc.safetyPlanWithinHours,
    reviewEveryDays: doc.reviewEveryDays,
    overrideReviewWithinHours: doc.overrideReviewWithinHours,
    measureExpiryNoticeHours: doc.measureExpiryNoticeHours,
    measureDecisionHours: doc.measureDecisionHours,
    measureDecisionTypes: [...new Set(doc.measureDecisionTypes)],
    manualKinds: [...new Set(doc.manualKinds)],
  };
}

/** Reads `<configDir>/followups.yaml`; any problem stops the app (FollowupsConfigError). */
export function loadFollowupsConfig(
  configDirectory: string,
  vocabulary: FollowupsConfigVocabulary,
): FollowupsConfig {
  const { file, text } = readConfigFile(
    configDirectory,
    FOLLOWUPS_CONFIG_FILE,
    (m) => new FollowupsConfigError(m),
  );
  return parseFollowupsConfig(file, text, vocabulary);
}
