import { applyDecorators } from '@nestjs/common';
import { ArrayNotEmpty, IsArray, IsInt, IsNumber, IsPositive, Max, Min } from 'class-validator';
import {
  checkSettings,
  loadSettingsFile,
  parseSettings,
  SettingsSchema,
} from '../../platform/config/settings-file';

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

const hours = (setting: string): string => `${setting} must be a number of hours above 0 (at most a year)`;
const DAYS = 'reviewEveryDays must be a whole number of days from 1 to 366';

/** Hours above 0, at most a year. */
function Hours(setting: string): PropertyDecorator {
  const message = hours(setting);
  return applyDecorators(IsNumber({}, { message }), IsPositive({ message }), Max(24 * 366, { message }));
}

/** The settings of config/followups.yaml as written (the declared schema; the order of its problems). */
class FollowupsSettings {
  @Hours('safetyPlanWithinHours')
  safetyPlanWithinHours!: number;

  @Hours('overrideReviewWithinHours')
  overrideReviewWithinHours!: number;

  @Hours('measureExpiryNoticeHours')
  measureExpiryNoticeHours!: number;

  @Hours('measureDecisionHours')
  measureDecisionHours!: number;

  @IsInt({ message: DAYS })
  @Min(1, { message: DAYS })
  @Max(366, { message: DAYS })
  reviewEveryDays!: number;

  @IsArray({ message: 'measureDecisionTypes must be a non-empty list of a protection measure' })
  @ArrayNotEmpty({ message: 'measureDecisionTypes must be a non-empty list of a protection measure' })
  measureDecisionTypes!: string[];

  @IsArray({ message: 'manualKinds must be a non-empty list of a follow-up kind' })
  @ArrayNotEmpty({ message: 'manualKinds must be a non-empty list of a follow-up kind' })
  manualKinds!: string[];
}

/** Each entry of a list setting is one of the allowed keys. */
const keysOf =
  (setting: string, allowed: readonly string[], what: string) =>
  (list: unknown): string[] =>
    Array.isArray(list)
      ? list.flatMap((v: unknown, i) =>
          typeof v === 'string' && allowed.includes(v)
            ? []
            : [`${setting}[${i}]: not ${what} (${allowed.join(', ')})`],
        )
      : [];

function followupsSchema(vocabulary: FollowupsConfigVocabulary): SettingsSchema<FollowupsSettings> {
  return {
    type: FollowupsSettings,
    checks: {
      measureDecisionTypes: keysOf('measureDecisionTypes', vocabulary.measureTypes, 'a protection measure'),
      manualKinds: keysOf('manualKinds', vocabulary.kinds, 'a follow-up kind'),
    },
  };
}

/** Every problem of the file's text (empty when none), each naming the setting. */
export function followupsConfigProblems(text: string, vocabulary: FollowupsConfigVocabulary): string[] {
  return checkSettings(text, followupsSchema(vocabulary)).problems;
}

const toConfig = (doc: FollowupsSettings): FollowupsConfig => ({
  safetyPlanWithinHours: doc.safetyPlanWithinHours,
  reviewEveryDays: doc.reviewEveryDays,
  overrideReviewWithinHours: doc.overrideReviewWithinHours,
  measureExpiryNoticeHours: doc.measureExpiryNoticeHours,
  measureDecisionHours: doc.measureDecisionHours,
  measureDecisionTypes: [...new Set(doc.measureDecisionTypes)],
  manualKinds: [...new Set(doc.manualKinds)],
});

/** The checked configuration; FollowupsConfigError naming the file and every problem otherwise. */
export function parseFollowupsConfig(
  file: string,
  text: string,
  vocabulary: FollowupsConfigVocabulary,
): FollowupsConfig {
  return toConfig(parseSettings(file, text, followupsSchema(vocabulary), (m) => new FollowupsConfigError(m)));
}

/** Reads `<configDir>/followups.yaml`; any problem stops the app (FollowupsConfigError). */
export function loadFollowupsConfig(
  configDirectory: string,
  vocabulary: FollowupsConfigVocabulary,
): FollowupsConfig {
  const { settings } = loadSettingsFile(
    configDirectory,
    FOLLOWUPS_CONFIG_FILE,
    followupsSchema(vocabulary),
    (m) => new FollowupsConfigError(m),
  );
  return toConfig(settings);
}
