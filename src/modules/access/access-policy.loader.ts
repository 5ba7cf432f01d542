import { readConfigFile } from '../../platform/config/config-file';
import { BUILTIN_RESOURCES } from './builtin-resources';
import { AccessPolicy } from './domain/policy';
import { AccessRulesError, parseAccessRules } from './domain/rules';

export const ACCESS_RULES_FILE = 'access-rules.yaml';

/** The injection token of the loaded AccessPolicy. */
export const ACCESS_POLICY = Symbol('ACCESS_POLICY');

/**
 * Reads and validates `<configDir>/access-rules.yaml` and registers the built-in resources. Any problem
 * throws AccessRulesError naming the file, the action and the problem: the app does not start.
 */
export function loadAccessPolicy(configDirectory: string, roles: readonly string[]): AccessPolicy {
  const { file, text } = readConfigFile(configDirectory, ACCESS_RULES_FILE, (m) => new AccessRulesError(m));
  const policy = new AccessPolicy(parseAccessRules(file, text, { roles }));
  for (const d of BUILTIN_RESOURCES) policy.register(d);
  return policy;
}
