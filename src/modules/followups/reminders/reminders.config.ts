import { parse } from 'yaml';
import { readConfigFile } from '../../../platform/config/config-file';

export const REMINDERS_CONFIG_FILE = 'reminders.yaml';

/** The injection token of the loaded RemindersConfig. */
export const REMINDERS_CONFIG = Symbol('REMINDERS_CONFIG');

export interface KindReminderSettings {
  readonly overdueAfterHours?: number;
  /** A notification type used for the due reminder instead of follow_up_due. */
  readonly dueNotification?: string;
  /** The organisation's supervisors get the due reminder too. */
  readonly alsoSupervisors?: boolean;
}

/** config/reminders.yaml, checked (docs/DESIGN.md §5). */
export interface RemindersConfig {
  readonly scanBatchSize: number;
  readonly maxBatchesPerRun: number;
  readonly overdueAfterHours: number;
  readonly kinds: Readonly<Record<string, KindReminderSettings>>;
}

export class RemindersConfigError extends Error {
  override readonly name = 'RemindersConfigError';
}

export interface RemindersConfigVocabulary {
  readonly kinds: readonly string[];
  readonly notificationTypes: readonly string[];
}

const KNOWN = ['scanBatchSize', 'maxBatchesPerRun', 'overdueAfterHours', 'kinds'];
const KIND_KNOWN = ['overdueAfterHours', 'dueNotification', 'alsoSupervisors'];

const isWhole = (v: unknown, min: number, max: number): boolean =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isHours = (v: unknown): boolean =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 24 * 366;

/** Every problem of the file's text (empty when none), each naming the setting. */
export function remindersConfigProblems(text: string, vocabulary: RemindersConfigVocabulary): string[] {
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
  if (!isWhole(doc.scanBatchSize, 1, 10_000))
    problems.push('scanBatchSize must be a whole number from 1 to 10000');
  if (!isWhole(doc.maxBatchesPerRun, 1, 10_000)) {
    problems.push('maxBatchesPerRun must be a whole number from 1 to 10000');
  }
  if (!isHours(doc.overdueAfterHours)) problems.push('overdueAfterHours must be a number of hours above 0');
  const kinds: unknown = doc.kinds ?? {};
  if (kinds === null || typeof kinds !== 'object' || Array.isArray(kinds)) {
    problems.push('kinds must map follow-up kinds to their settings');
    return problems;
  }
  for (const [kind, settings] of Object.entries(kinds as Record<string, unknown>)) {
    if (!vocabulary.kinds.includes(kind)) {
      problems.push(`kinds.${kind}: not a follow-up kind (${vocabulary.kinds.join(', ')})`);
    }
    if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
      problems.push(`kinds.${kind} must be a mapping (${KIND_KNOWN.join(', ')})`);
      continue;
    }
    const s = settings as Record<string, unknown>;
    for (const key of Object.keys(s)) {
      if (!KIND_KNOWN.includes(key))
        problems.push(`kinds.${kind}.${key} is not a setting (${KIND_KNOWN.join(', ')})`);
    }
    if (s.overdueAfterHours !== undefined && !isHours(s.overdueAfterHours)) {
      problems.push(`kinds.${kind}.overdueAfterHours must be a number of hours above 0`);
    }
    if (
      s.dueNotification !== undefined &&
      (typeof s.dueNotification !== 'string' || !vocabulary.notificationTypes.includes(s.dueNotification))
    ) {
      problems.push(`kinds.${kind}.dueNotification: not a notification type`);
    }
    if (s.alsoSupervisors !== undefined && typeof s.alsoSupervisors !== 'boolean') {
      problems.push(`kinds.${kind}.alsoSupervisors must be true or false`);
    }
  }
  return problems;
}

/** The checked configuration; RemindersConfigError naming the file and every problem otherwise. */
export function parseRemindersConfig(
  file: string,
  text: string,
  vocabulary: RemindersConfigVocabulary,
): RemindersConfig {
  const problems = remindersConfigProblems(text, vocabulary);
  if (problems.length > 0) throw new RemindersConfigError(`${file}: ${problems.join('; ')}`);
  const doc = parse(text) as Omit<RemindersConfig, 'kinds'> & { kinds?: RemindersConfig['kinds'] };
  return {
    scanBatchSize: doc.scanBatchSize,
    maxBatchesPerRun: doc.maxBatchesPerRun,
    overdueAfterHours: doc.overdueAfterHours,
    kinds: { ...(doc.kinds ?? {}) },
  };
}

/** Reads `<configDir>/reminders.yaml`; any problem stops the app (RemindersConfigError). */
export function loadRemindersConfig(
  configDirectory: string,
  vocabulary: RemindersConfigVocabulary,
): RemindersConfig {
  const { file, text } = readConfigFile(
    configDirectory,
    REMINDERS_CONFIG_FILE,
    (m) => new RemindersConfigError(m),
  );
  return parseRemindersConfig(file, text, vocabulary);
}

/** Hours after dueAt when an open follow-up of this kind is escalated. */
export function overdueHoursOf(config: RemindersConfig, kind: string): number {
  return config.kinds[kind]?.overdueAfterHours ?? config.overdueAfterHours;
}
