import { parse } from 'yaml';
import { readConfigFile } from '../../platform/config/config-file';

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

const LISTS = ['confidentialTypes', 'capacityRequiredTypes'] as const;

/** Every problem of the file's text (empty when none), each naming the setting. */
export function directoryConfigProblems(text: string, organizationTypes: readonly string[]): string[] {
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
    if (!(LISTS as readonly string[]).includes(key)) {
      problems.push(`${key} is not a setting (${LISTS.join(', ')})`);
    }
  }
  for (const setting of LISTS) {
    const value = doc[setting] ?? [];
    if (!Array.isArray(value)) {
      problems.push(`${setting} must be a list of organisation types`);
      continue;
    }
    value.forEach((type: unknown, n) => {
      if (typeof type !== 'string' || !organizationTypes.includes(type)) {
        problems.push(
          `${setting}.${n}: ${typeof type === 'string' ? `'${type}'` : 'the entry'} is not an organisation type (${organizationTypes.join(', ')})`,
        );
      }
    });
  }
  return problems;
}

/** The checked configuration; DirectoryConfigError naming the file and every problem otherwise. */
export function parseDirectoryConfig(
  file: string,
  text: string,
  organizationTypes: readonly string[],
): DirectoryConfig {
  const problems = directoryConfigProblems(text, organizationTypes);
  if (problems.length > 0) throw new DirectoryConfigError(`${file}: ${problems.join('; ')}`);
  const doc = parse(text) as Partial<Record<(typeof LISTS)[number], string[]>>;
  return {
    confidentialTypes: [...new Set(doc.confidentialTypes ?? [])],
    capacityRequiredTypes: [...new Set(doc.capacityRequiredTypes ?? [])],
  };
}

/** Reads `<configDir>/directory.yaml`; any problem stops the app (DirectoryConfigError). */
export function loadDirectoryConfig(
  configDirectory: string,
  organizationTypes: readonly string[],
): DirectoryConfig {
  const { file, text } = readConfigFile(
    configDirectory,
    DIRECTORY_CONFIG_FILE,
    (m) => new DirectoryConfigError(m),
  );
  return parseDirectoryConfig(file, text, organizationTypes);
}
