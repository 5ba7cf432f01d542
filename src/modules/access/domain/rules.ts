import { IsArray, IsNotEmptyObject, IsObject, IsOptional } from 'class-validator';
import { parseSettings, SettingsSchema } from '../../../platform/config/settings-file';
import { ConditionArg, ConditionDef, CONDITIONS, MAX_HOURS } from './conditions';

/** A bad rule file: the message names the file, the action and the problem. It stops the app. */
export class AccessRulesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessRulesError';
  }
}

/** One condition of a set, as written ("createdByMeWithinHours(24)") and as understood. */
export interface RuleCondition {
  text: string;
  def: ConditionDef;
  arg: ConditionArg;
}

/** A set passes when all its conditions hold. */
export type ConditionSet = readonly RuleCondition[];

export interface AccessRules {
  /** The file the rules came from, for messages ("config/access-rules.yaml"). */
  file: string;
  /** Each action's condition sets: allowed when any set passes; no sets, never allowed. */
  actions: ReadonlyMap<string, readonly ConditionSet[]>;
  /** Resources whose module is not built yet: their actions are checked when it registers them. */
  pending: ReadonlySet<string>;
}

export interface RuleVocabulary {
  /** The role keys hasRole may name (config/catalogues/roles.yaml). */
  roles: readonly string[];
}

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const RESOURCE = /^[a-z][a-z0-9_]*$/;
const CONDITION = /^([A-Za-z][A-Za-z0-9]*)(?:\(\s*([^()]*?)\s*\))?$/;

/**
 * The rule file as written (the declared schema): what each action's sets say is the rule language,
 * compiled below.
 */
class AccessRulesSettings {
  @IsNotEmptyObject({}, { message: "'actions' is empty" })
  @IsObject({ message: "'actions' must be a mapping of action → list of condition sets" })
  actions!: Record<string, unknown>;

  @IsOptional()
  @IsArray({ message: "'pending' must be a list of resources" })
  pending?: unknown[] | null;
}

const SCHEMA: SettingsSchema<AccessRulesSettings> = {
  type: AccessRulesSettings,
  notAMapping: "must be a mapping with 'actions'",
  unknownKey: (key, known) => `unknown top-level key '${key}' (allowed: ${known.join(', ')})`,
};

/** The resource of an action: its first segment ("case" for "case.read"). */
export function resourceOf(action: string): string {
  return action.slice(0, action.indexOf('.'));
}

/** The closest known name, for "did you mean" in messages. */
function closest(name: string, known: Iterable<string>): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0] ?? 0;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = row[j] ?? 0;
        row[j] = Math.min(
          (row[j] ?? 0) + 1,
          (row[j - 1] ?? 0) + 1,
          prev + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1),
        );
        prev = tmp;
      }
    }
    return row[b.length] ?? Infinity;
  };
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return bestD <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

function parseArgument(
  def: ConditionDef,
  raw: string | undefined,
  vocabulary: RuleVocabulary,
): { arg?: ConditionArg; problem?: string } {
  switch (def.argument) {
    case 'none':
      return raw === undefined ? {} : { problem: `${def.name} takes no argument` };
    case 'role':
      if (raw === undefined || raw === '')
        return { problem: `${def.name} needs a role, e.g. ${def.name}(supervisor)` };
      if (!vocabulary.roles.includes(raw)) {
        return { problem: `${def.name}(${raw}): unknown role (known: ${vocabulary.roles.join(', ')})` };
      }
      return { arg: raw };
    case 'hours': {
      if (raw === undefined || raw === '')
        return { problem: `${def.name} needs a number of hours, e.g. ${def.name}(24)` };
      if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_HOURS) {
        return { problem: `${def.name}(${raw}): the hours must be a whole number from 1 to ${MAX_HOURS}` };
      }
      return { arg: Number(raw) };
    }
  }
}

function parseCondition(raw: unknown, where: string, vocabulary: RuleVocabulary): RuleCondition {
  if (typeof raw !== 'string') throw new AccessRulesError(`${where}: a condition must be written as text`);
  const text = raw.trim();
  const m = CONDITION.exec(text);
  if (!m?.[1]) throw new AccessRulesError(`${where}: '${text}' is not a condition (name or name(argument))`);
  const def = CONDITIONS.get(m[1]);
  if (!def) {
    const hint = closest(m[1], CONDITIONS.keys());
    throw new AccessRulesError(
      `${where}: unknown condition '${m[1]}'${hint ? ` (did you mean ${hint}?)` : ''}; known: ${[...CONDITIONS.keys()].join(', ')}`,
    );
  }
  const { arg, problem } = parseArgument(def, m[2], vocabulary);
  if (problem) throw new AccessRulesError(`${where}: ${problem}`);
  return { text, def, arg };
}

/**
 * Parses and validates the access rule file:
 *
 * ```yaml
 * actions:
 *   <resource>.<verb>:          # e.g. case.read
 *     - [condition, condition]  # a set: passes when all its conditions hold
 *     - [condition]             # the action is allowed when any set passes
 *   <resource>.<verb>: []       # no sets: always denied
 * pending: [<resource>, …]      # resources whose module is not built yet
 * ```
 *
 * Throws AccessRulesError naming the file, the action and the problem.
 */
export function parseAccessRules(file: string, text: string, vocabulary: RuleVocabulary): AccessRules {
  const top = parseSettings(file, text, SCHEMA, (m) => new AccessRulesError(m));
  const actions = new Map<string, ConditionSet[]>();
  for (const [action, rawSets] of Object.entries(top.actions)) {
    const where = `${file}: action '${action}'`;
    if (!ACTION.test(action)) {
      throw new AccessRulesError(`${where}: an action is <resource>.<verb> in snake_case, e.g. case.read`);
    }
    if (!Array.isArray(rawSets)) {
      throw new AccessRulesError(`${where}: must be a list of condition sets (write [] for "never allowed")`);
    }
    const sets = rawSets.map((rawSet: unknown, i) => {
      const setWhere = `${where}, set ${i + 1}`;
      if (!Array.isArray(rawSet)) {
        throw new AccessRulesError(
          `${setWhere}: a condition set must be a list, e.g. [isAssignee, caseOpen]`,
        );
      }
      if (rawSet.length === 0) {
        throw new AccessRulesError(`${setWhere}: an empty set would allow everyone; name its conditions`);
      }
      const conditions = rawSet.map((c: unknown) => parseCondition(c, setWhere, vocabulary));
      const texts = conditions.map((c) => c.text);
      const twice = texts.find((t, j) => texts.indexOf(t) !== j);
      if (twice) throw new AccessRulesError(`${setWhere}: '${twice}' appears twice`);
      return conditions;
    });
    actions.set(action, sets);
  }

  const pending = new Set<string>();
  for (const r of top.pending ?? []) {
    if (typeof r !== 'string' || !RESOURCE.test(r)) {
      throw new AccessRulesError(`${file}: pending: '${String(r)}' is not a resource name`);
    }
    if (![...actions.keys()].some((a) => resourceOf(a) === r)) {
      throw new AccessRulesError(`${file}: pending: no action is on resource '${r}'`);
    }
    pending.add(r);
  }
  return { file, actions, pending };
}
