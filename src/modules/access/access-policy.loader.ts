import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { appRoot } from '../../platform/config/app-root';
import { BUILTIN_RESOURCES } from './builtin-resources';
import { AccessPolicy } from './domain/policy';
import { AccessRulesError, parseAccessRules } from './domain/rules';

export const ACCESS_RULES_FILE = 'access-rules.yaml';

/** The injection token of the loaded AccessPolicy. */
export const ACCESS_POLICY = Symbol('ACCESS_POLICY');

/** How a path is named in messages: relative to the application when inside it. */
function displayPath(path: string): string {
  const rel = relative(appRoot(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * Reads and validates `<configDir>/access-rules.yaml` and registers the built-in resources. Any problem
 * throws AccessRulesError naming the file, the action and the problem: the app does not start.
 */
export function loadAccessPolicy(configDirectory: string, roles: readonly string[]): AccessPolicy {
  const path = join(configDirectory, ACCESS_RULES_FILE);
  const file = displayPath(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new AccessRulesError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const policy = new AccessPolicy(parseAccessRules(file, text, { roles }));
  for (const d of BUILTIN_RESOURCES) policy.register(d);
  return policy;
}
