import { Allow, IsInt, IsNumber, IsPositive, Max, Min } from 'class-validator';
import {
  checkSettings,
  loadSettingsFile,
  parseSettings,
  SettingsSchema,
} from '../../../platform/config/settings-file';

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

const KIND_KNOWN = ['overdueAfterHours', 'dueNotification', 'alsoSupervisors'];

const isHours = (v: unknown): boolean =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 24 * 366;

const BATCH = 'scanBatchSize must be a whole number from 1 to 10000';
const BATCHES = 'maxBatchesPerRun must be a whole number from 1 to 10000';
const OVERDUE = 'overdueAfterHours must be a number of hours above 0';

/** The settings of config/reminders.yaml as written (the declared schema; the order of its problems). */
class RemindersSettings {
  @IsInt({ message: BATCH })
  @Min(1, { message: BATCH })
  @Max(10_000, { message: BATCH })
  scanBatchSize!: number;

  @IsInt({ message: BATCHES })
  @Min(1, { message: BATCHES })
  @Max(10_000, { message: BATCHES })
  maxBatchesPerRun!: number;

  @IsNumber({}, { message: OVERDUE })
  @IsPositive({ message: OVERDUE })
  @Max(24 * 366, { message: OVERDUE })
  overdueAfterHours!: number;

  @Allow()
  kinds?: Record<string, KindReminderSettings>;
}

/** The per-kind settings: known kinds, each a mapping of known settings. */
function kindProblems(raw: unknown, vocabulary: RemindersConfigVocabulary): string[] {
  const kinds: unknown = raw ?? {};
  if (kinds === null || typeof kinds !== 'object' || Array.isArray(kinds)) {
    return ['kinds must map follow-up kinds to their settings'];
  }
  const problems: string[] = [];
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

function remindersSchema(vocabulary: RemindersConfigVocabulary): SettingsSchema<RemindersSettings> {
  return { type: RemindersSettings, checks: { kinds: (raw) => kindProblems(raw, vocabulary) } };
}

/** Every problem of the file's text (empty when none), each naming the setting. */
export function remindersConfigProblems(text: string, vocabulary: RemindersConfigVocabulary): string[] {
  return checkSettings(text, remindersSchema(vocabulary)).problems;
}

const toConfig = (doc: RemindersSettings): RemindersConfig => ({
  scanBatchSize: doc.scanBatchSize,
  maxBatchesPerRun: doc.maxBatchesPerRun,
  overdueAfterHours: doc.overdueAfterHours,
  kinds: { ...(doc.kinds ?? {}) },
});

/** The checked configuration; RemindersConfigError naming the file and every problem otherwise. */
export function parseRemindersConfig(
  file: string,
  text: string,
  vocabulary: RemindersConfigVocabulary,
): RemindersConfig {
  return toConfig(parseSettings(file, text, remindersSchema(vocabulary), (m) => new RemindersConfigError(m)));
}

/** Reads `<configDir>/reminders.yaml`; any problem stops the app (RemindersConfigError). */
export function loadRemindersConfig(
  configDirectory: string,
  vocabulary: RemindersConfigVocabulary,
): RemindersConfig {
  const { settings } = loadSettingsFile(
    configDirectory,
    REMINDERS_CONFIG_FILE,
    remindersSchema(vocabulary),
    (m) => new RemindersConfigError(m),
  );
  return toConfig(settings);
}

/** Hours after dueAt when an open follow-up of this kind is escalated. */
export function overdueHoursOf(config: RemindersConfig, kind: string): number {
  return config.kinds[kind]?.overdueAfterHours ?? config.overdueAfterHours;
}
