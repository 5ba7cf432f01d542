import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { displayConfigPath } from '../../platform/config/config-file';
import {
  checkSettings,
  loadSettingsFile,
  parseSettings,
  SettingsSchema,
} from '../../platform/config/settings-file';
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

const THRESHOLD = 'disclosure.threshold must be a whole number from 2 to 100';
const NOISE = 'disclosure.maxNoise must be a whole number from 0 to 20';

class DisclosureSettings {
  @IsInt({ message: THRESHOLD })
  @Min(2, { message: THRESHOLD })
  @Max(100, { message: THRESHOLD })
  threshold!: number;

  @IsInt({ message: NOISE })
  @Min(0, { message: NOISE })
  @Max(20, { message: NOISE })
  maxNoise!: number;
}

/** The settings of config/reporting.yaml as written (the declared schema; the order of its problems). */
class ReportingSettings {
  @Matches(/^\d{2}$/, { message: 'provinceCode must be a two-digit province code (quoted)' })
  provinceCode!: string;

  @IsOptional()
  @IsIn(['city', 'organization'], { message: 'managerScope must be city or organization' })
  managerScope?: 'city' | 'organization';

  @IsObject({ message: 'disclosure must be a mapping with threshold and maxNoise' })
  @ValidateNested()
  @Type(() => DisclosureSettings)
  disclosure!: DisclosureSettings;
}

const SCHEMA: SettingsSchema<ReportingSettings> = { type: ReportingSettings };

/** Every problem of the file's text (empty when none), each naming the setting. */
export function reportingConfigProblems(text: string): string[] {
  return checkSettings(text, SCHEMA).problems;
}

function toConfig(doc: ReportingSettings): ReportingConfig {
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

/** The checked configuration; ReportingConfigError naming the file and every problem otherwise. */
export function parseReportingConfig(file: string, text: string): ReportingConfig {
  return toConfig(parseSettings(file, text, SCHEMA, (m) => new ReportingConfigError(m)));
}

/** The path as shown in messages: relative to the app root when inside it. */
export const displayPath = displayConfigPath;

/** Reads `<configDir>/reporting.yaml`; any problem stops the app (ReportingConfigError). */
export function loadReportingConfig(configDirectory: string): ReportingConfig {
  const { settings } = loadSettingsFile(
    configDirectory,
    REPORTING_CONFIG_FILE,
    SCHEMA,
    (m) => new ReportingConfigError(m),
  );
  return toConfig(settings);
}
