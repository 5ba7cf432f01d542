/**
 * The derived case context of docs/DESIGN.md §3: facts nobody types, read off the incidents and the survivor
 * by rules kept as data (config/catalogues mirrors DEFAULT_CONTEXT_RULES), so that a new context or a
 * changed threshold is a configuration change reviewed like any other.
 */

/** Every condition given must hold; incident conditions must hold within one and the same incident. */
export interface ContextCondition {
  /** One of the incident's violence types is among these (violence-types keys). */
  readonly violenceTypesAny?: readonly string[];
  /** The survivor's youngest possible age is under this (see age.ts: a possible child counts). */
  readonly survivorUnder?: number;
  /** The perpetrator's relationship is in the named relationship group ('intimate'). */
  readonly perpetratorRelationshipIn?: string;
  /** Goods or money were, or were not, exchanged in the incident. */
  readonly exchangeInvolved?: boolean;
}

export interface ContextRule {
  readonly key: string;
  readonly when: ContextCondition;
}

/** The relationship group of the relationships catalogue's intimatePartner items. */
export const INTIMATE_RELATIONSHIPS = 'intimate';

export const DEFAULT_CONTEXT_RULES: readonly ContextRule[] = [
  { key: 'intimate_partner_violence', when: { perpetratorRelationshipIn: INTIMATE_RELATIONSHIPS } },
  { key: 'child_sexual_abuse', when: { violenceTypesAny: ['rape', 'sexual_assault'], survivorUnder: 18 } },
  { key: 'early_marriage', when: { violenceTypesAny: ['forced_marriage'], survivorUnder: 18 } },
  { key: 'possible_sexual_exploitation', when: { exchangeInvolved: true } },
];

export interface ContextIncident {
  readonly violenceTypes: readonly string[];
  readonly perpetratorRelationship?: string | null;
  readonly exchangeInvolved?: boolean | null;
}

export interface ContextFacts {
  /** The youngest age the survivor may have at intake (age.ts resolveSurvivorAge); unknown: undefined. */
  readonly survivorYoungestAge?: number | null;
  readonly incidents: readonly ContextIncident[];
}

/** Named sets of relationship keys, e.g. { intimate: keys whose intimatePartner is true }. */
export type RelationshipGroups = Readonly<Record<string, readonly string[]>>;

/** The groups from the relationships catalogue: 'intimate' holds the items marked intimatePartner. */
export function relationshipGroupsFrom(
  items: readonly { readonly key: string; readonly intimatePartner?: unknown }[],
): RelationshipGroups {
  return {
    [INTIMATE_RELATIONSHIPS]: items.filter((item) => item.intimatePartner === true).map((item) => item.key),
  };
}

/** An unknown fact never satisfies a condition: a context is claimed only on what was said. */
function holds(
  when: ContextCondition,
  facts: ContextFacts,
  incident: ContextIncident,
  groups: RelationshipGroups,
): boolean {
  if (when.survivorUnder !== undefined) {
    const age = facts.survivorYoungestAge;
    if (age === undefined || age === null || !(age < when.survivorUnder)) return false;
  }
  if (when.violenceTypesAny !== undefined) {
    const wanted = when.violenceTypesAny;
    if (!incident.violenceTypes.some((type) => wanted.includes(type))) return false;
  }
  if (when.perpetratorRelationshipIn !== undefined) {
    const relationship = incident.perpetratorRelationship;
    const group = Object.hasOwn(groups, when.perpetratorRelationshipIn)
      ? groups[when.perpetratorRelationshipIn]
      : undefined;
    if (relationship === undefined || relationship === null || !group?.includes(relationship)) return false;
  }
  if (when.exchangeInvolved !== undefined && incident.exchangeInvolved !== when.exchangeInvolved)
    return false;
  return true;
}

/**
 * The context keys the case has, in rule order, each once: a rule holds for the case when it holds for
 * any of its incidents.
 */
export function deriveContext(
  facts: ContextFacts,
  rules: readonly ContextRule[],
  groups: RelationshipGroups,
): string[] {
  const keys: string[] = [];
  for (const rule of rules) {
    if (keys.includes(rule.key)) continue;
    if (facts.incidents.some((incident) => holds(rule.when, facts, incident, groups))) keys.push(rule.key);
  }
  return keys;
}

const CONDITION_NAMES: readonly string[] = [
  'violenceTypesAny',
  'survivorUnder',
  'perpetratorRelationshipIn',
  'exchangeInvolved',
];
const KEY = /^[a-z][a-z0-9_]*$/;

export interface ContextVocabulary {
  readonly violenceTypes: readonly string[];
  readonly relationshipGroups: RelationshipGroups;
}

/**
 * What is wrong with rules read from config/ (empty when nothing): for the start-up check, so that a
 * mistyped condition stops the app instead of silently never (or always) deriving a context.
 */
export function contextRuleProblems(raw: unknown, vocabulary: ContextVocabulary): string[] {
  if (!Array.isArray(raw) || raw.length === 0) return ['the rules must be a non-empty list'];
  const problems: string[] = [];
  const seen = new Set<string>();
  raw.forEach((entry: unknown, i) => {
    const rule = entry as { key?: unknown; when?: unknown } | null;
    if (rule === null || typeof rule !== 'object') {
      problems.push(`rules[${i}] must be a mapping`);
      return;
    }
    const name = typeof rule.key === 'string' && KEY.test(rule.key) ? rule.key : undefined;
    if (name === undefined) {
      problems.push(`rules[${i}].key must be snake_case`);
      return;
    }
    if (seen.has(name)) problems.push(`${name} appears twice`);
    seen.add(name);
    const when = rule.when as Record<string, unknown> | null | undefined;
    if (when === null || typeof when !== 'object' || Object.keys(when).length === 0) {
      problems.push(`${name}.when must name at least one condition`);
      return;
    }
    for (const [condition, value] of Object.entries(when)) {
      const at = `${name}.when.${condition}`;
      switch (condition) {
        case 'violenceTypesAny':
          if (!Array.isArray(value) || value.length === 0) problems.push(`${at} must be a non-empty list`);
          else {
            for (const type of value as unknown[]) {
              if (typeof type !== 'string' || !vocabulary.violenceTypes.includes(type))
                problems.push(`${at}: ${String(type)} is not a violence type`);
            }
          }
          break;
        case 'survivorUnder':
          if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 150)
            problems.push(`${at} must be a whole number of years from 1 to 150`);
          break;
        case 'perpetratorRelationshipIn':
          if (typeof value !== 'string' || !Object.hasOwn(vocabulary.relationshipGroups, value))
            problems.push(
              `${at} must name a relationship group (${Object.keys(vocabulary.relationshipGroups).join(', ')})`,
            );
          break;
        case 'exchangeInvolved':
          if (typeof value !== 'boolean') problems.push(`${at} must be true or false`);
          break;
        default:
          problems.push(`${at} is not a condition (${CONDITION_NAMES.join(', ')})`);
      }
    }
  });
  return problems;
}
