import { Allow, IsArray, IsInt, Max, Min } from 'class-validator';
import {
  checkSettings,
  loadSettingsFile,
  parseSettings,
  SettingsSchema,
} from '../../platform/config/settings-file';

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

const MIN_LENGTH = 'emergencyReasonMinLength must be a whole number from 1 to 1000';

/** The settings of config/referrals.yaml as written (the declared schema; the order of its problems). */
class ReferralsSettings {
  @Allow()
  dueHours!: Record<string, number>;

  @IsArray({ message: 'stayTypes must be a list of organisation types' })
  stayTypes!: string[];

  @IsInt({ message: MIN_LENGTH })
  @Min(1, { message: MIN_LENGTH })
  @Max(1000, { message: MIN_LENGTH })
  emergencyReasonMinLength!: number;
}

function referralsSchema(vocabulary: ReferralsConfigVocabulary): SettingsSchema<ReferralsSettings> {
  const urgencies = vocabulary.urgencies.join(', ');
  return {
    type: ReferralsSettings,
    checks: {
      dueHours: (due) => {
        if (due === null || typeof due !== 'object' || Array.isArray(due)) {
          return [`dueHours must map each urgency (${urgencies}) to hours`];
        }
        const entries = due as Record<string, unknown>;
        return [
          ...Object.entries(entries).flatMap(([urgency, hours]) => [
            ...(vocabulary.urgencies.includes(urgency)
              ? []
              : [`dueHours.${urgency}: not an urgency (${urgencies})`]),
            ...(typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0
              ? [`dueHours.${urgency} must be a number of hours above 0`]
              : []),
          ]),
          ...vocabulary.urgencies
            .filter((urgency) => !(urgency in entries))
            .map((urgency) => `dueHours.${urgency} is missing`),
        ];
      },
      stayTypes: (list) =>
        Array.isArray(list)
          ? list.flatMap((t: unknown, i) =>
              typeof t === 'string' && vocabulary.organizationTypes.includes(t)
                ? []
                : [`stayTypes[${i}]: not an organisation type (${vocabulary.organizationTypes.join(', ')})`],
            )
          : [],
    },
  };
}

/** Every problem of the file's text (empty when none), each naming the setting. */
export function referralsConfigProblems(text: string, vocabulary: ReferralsConfigVocabulary): string[] {
  return checkSettings(text, referralsSchema(vocabulary)).problems;
}

const toConfig = (doc: ReferralsSettings): ReferralsConfig => ({
  dueHours: { ...doc.dueHours },
  stayTypes: [...doc.stayTypes],
  emergencyReasonMinLength: doc.emergencyReasonMinLength,
});

/** The checked configuration; ReferralsConfigError naming the file and every problem otherwise. */
export function parseReferralsConfig(
  file: string,
  text: string,
  vocabulary: ReferralsConfigVocabulary,
): ReferralsConfig {
  return toConfig(parseSettings(file, text, referralsSchema(vocabulary), (m) => new ReferralsConfigError(m)));
}

/** Reads `<configDir>/referrals.yaml`; any problem stops the app (ReferralsConfigError). */
export function loadReferralsConfig(
  configDirectory: string,
  vocabulary: ReferralsConfigVocabulary,
): ReferralsConfig {
  const { settings } = loadSettingsFile(
    configDirectory,
    REFERRALS_CONFIG_FILE,
    referralsSchema(vocabulary),
    (m) => new ReferralsConfigError(m),
  );
  return toConfig(settings);
}
