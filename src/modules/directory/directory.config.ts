import { IsArray, IsOptional } from 'class-validator';
import {
  checkSettings,
  loadSettingsFile,
  parseSettings,
  SettingsSchema,
} from '../../platform/config/settings-file';

export const DIRECTORY_CONFIG_FILE = 'directory.yaml';

/** The injection token of the loaded DirectoryConfig. */
export const DIRECTORY_CONFIG = Symbol('DIRECTORY_CONFIG');

/** config/directory.yaml, checked (docs/DESIGN.md §4). */
export interface DirectoryConfig {
  /** Provider types whose addressText and phone are confidential. */
  readonly confidentialTypes: readonly string[];
  /** Provider types that must give a capacity above 0. */
  readonly capacityRequiredTypes: readonly string[];
}

export class DirectoryConfigError extends Error {
  override readonly name = 'DirectoryConfigError';
}

/** The settings of config/directory.yaml as written (the declared schema; the order of its problems). */
class DirectorySettings {
  @IsOptional()
  @IsArray({ message: 'confidentialTypes must be a list of organisation types' })
  confidentialTypes?: string[];

  @IsOptional()
  @IsArray({ message: 'capacityRequiredTypes must be a list of organisation types' })
  capacityRequiredTypes?: string[];
}

function directorySchema(organizationTypes: readonly string[]): SettingsSchema<DirectorySettings> {
  const typesOf =
    (setting: string) =>
    (value: unknown): string[] =>
      Array.isArray(value)
        ? value.flatMap((type: unknown, n) =>
            typeof type === 'string' && organizationTypes.includes(type)
              ? []
              : [
                  `${setting}.${n}: ${typeof type === 'string' ? `'${type}'` : 'the entry'} is not an organisation type (${organizationTypes.join(', ')})`,
                ],
          )
        : [];
  return {
    type: DirectorySettings,
    checks: {
      confidentialTypes: typesOf('confidentialTypes'),
      capacityRequiredTypes: typesOf('capacityRequiredTypes'),
    },
  };
}

/** Every problem of the file's text (empty when none), each naming the setting. */
export function directoryConfigProblems(text: string, organizationTypes: readonly string[]): string[] {
  return checkSettings(text, directorySchema(organizationTypes)).problems;
}

const toConfig = (doc: DirectorySettings): DirectoryConfig => ({
  confidentialTypes: [...new Set(doc.confidentialTypes ?? [])],
  capacityRequiredTypes: [...new Set(doc.capacityRequiredTypes ?? [])],
});

/** The checked configuration; DirectoryConfigError naming the file and every problem otherwise. */
export function parseDirectoryConfig(
  file: string,
  text: string,
  organizationTypes: readonly string[],
): DirectoryConfig {
  return toConfig(
    parseSettings(file, text, directorySchema(organizationTypes), (m) => new DirectoryConfigError(m)),
  );
}

/** Reads `<configDir>/directory.yaml`; any problem stops the app (DirectoryConfigError). */
export function loadDirectoryConfig(
  configDirectory: string,
  organizationTypes: readonly string[],
): DirectoryConfig {
  const { settings } = loadSettingsFile(
    configDirectory,
    DIRECTORY_CONFIG_FILE,
    directorySchema(organizationTypes),
    (m) => new DirectoryConfigError(m),
  );
  return toConfig(settings);
}
