import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  allOf,
  checkSettings,
  loadSettingsFile,
  NestedMap,
  parseSettings,
  SettingsSchema,
} from '../../platform/config/settings-file';

export const PLANS_CONFIG_FILE = 'plans.yaml';

/** The injection token of the loaded PlansConfig. */
export const PLANS_CONFIG = Symbol('PLANS_CONFIG');

/** What an organisation's plans follow. */
export interface PlanRules {
  /** A submitted plan waits for a supervisor (never the submitter); false: submitting approves it. */
  readonly approvalRequired: boolean;
  /** A plan_review follow-up this many days after the approval, then after each review done. */
  readonly reviewEveryDays: number;
}

/** config/plans.yaml, checked: a default and overrides by organisation type and by organisation id. */
export interface PlansConfig {
  readonly defaults: PlanRules;
  readonly byOrganizationType: ReadonlyMap<string, Partial<PlanRules>>;
  readonly byOrganization: ReadonlyMap<string, Partial<PlanRules>>;
}

export class PlansConfigError extends Error {
  override readonly name = 'PlansConfigError';
}

export interface PlansConfigVocabulary {
  readonly organizationTypes: readonly string[];
}

const APPROVAL = '$path must be true or false';
const DAYS = '$path must be a whole number of days from 1 to 366';
const Days = (): PropertyDecorator =>
  allOf(IsInt({ message: DAYS }), Min(1, { message: DAYS }), Max(366, { message: DAYS }));

class OverrideSettings {
  @IsOptional()
  @IsBoolean({ message: APPROVAL })
  approvalRequired?: boolean;

  @IsOptional()
  @Days()
  reviewEveryDays?: number;
}

/** The settings of config/plans.yaml as written (the declared schema; the order of its problems). */
class PlansSettings {
  @IsBoolean({ message: APPROVAL })
  approvalRequired!: boolean;

  @Days()
  reviewEveryDays!: number;

  @NestedMap(() => OverrideSettings, '$path must be a mapping')
  byOrganizationType!: Map<string, OverrideSettings>;

  @NestedMap(() => OverrideSettings, '$path must be a mapping')
  byOrganization!: Map<string, OverrideSettings>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const keysOf = (value: unknown): string[] =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];

function plansSchema(vocabulary: PlansConfigVocabulary): SettingsSchema<PlansSettings> {
  return {
    type: PlansSettings,
    checks: {
      byOrganizationType: (value) =>
        keysOf(value)
          .filter((k) => !vocabulary.organizationTypes.includes(k))
          .map(
            (k) =>
              `byOrganizationType.${k} is not an organisation type (${vocabulary.organizationTypes.join(', ')})`,
          ),
      byOrganization: (value) =>
        keysOf(value)
          .filter((k) => !UUID.test(k))
          .map((k) => `byOrganization.${k} is not an organisation id (a UUID)`),
    },
  };
}

/** Every problem of the file's text (empty when none), each naming the setting. */
export function plansConfigProblems(text: string, vocabulary: PlansConfigVocabulary): string[] {
  return checkSettings(text, plansSchema(vocabulary)).problems;
}

const entriesOf = (map: unknown): [string, OverrideSettings][] =>
  map instanceof Map
    ? [...(map as Map<string, OverrideSettings>).entries()]
    : Object.entries((map ?? {}) as Record<string, OverrideSettings>);

const overrides = (map: unknown): Map<string, Partial<PlanRules>> =>
  new Map(
    entriesOf(map).map(([k, v]) => [
      k.toLowerCase(),
      {
        ...(v.approvalRequired !== undefined ? { approvalRequired: v.approvalRequired } : {}),
        ...(v.reviewEveryDays !== undefined ? { reviewEveryDays: v.reviewEveryDays } : {}),
      },
    ]),
  );

const toConfig = (doc: PlansSettings): PlansConfig => ({
  defaults: { approvalRequired: doc.approvalRequired, reviewEveryDays: doc.reviewEveryDays },
  byOrganizationType: overrides(doc.byOrganizationType),
  byOrganization: overrides(doc.byOrganization),
});

/** The rules of one organisation: its own override, else its type's, else the default (per setting). */
export function planRulesFor(
  config: PlansConfig,
  organization: { id: string; type: string | null },
): PlanRules {
  return {
    ...config.defaults,
    ...(organization.type ? config.byOrganizationType.get(organization.type) : undefined),
    ...config.byOrganization.get(organization.id.toLowerCase()),
  };
}

/** The checked configuration; PlansConfigError naming the file and every problem otherwise. */
export function parsePlansConfig(file: string, text: string, vocabulary: PlansConfigVocabulary): PlansConfig {
  return toConfig(parseSettings(file, text, plansSchema(vocabulary), (m) => new PlansConfigError(m)));
}

/** Reads `<configDir>/plans.yaml`; any problem stops the app (PlansConfigError). */
export function loadPlansConfig(configDirectory: string, vocabulary: PlansConfigVocabulary): PlansConfig {
  const { settings } = loadSettingsFile(
    configDirectory,
    PLANS_CONFIG_FILE,
    plansSchema(vocabulary),
    (m) => new PlansConfigError(m),
  );
  return toConfig(settings);
}
