import { AccessDecision, AccessFact, AccessFacts, AccessRecord, AccessUser } from './access-record';
import { EvalInput, FALSE_SQL, SqlInput, TRUE_SQL } from './conditions';
import {
  checkAlias,
  checkDescriptor,
  describes,
  hasRelation,
  ResourceDescriptor,
} from './resource-descriptor';
import { AccessRules, AccessRulesError, ConditionSet, resourceOf } from './rules';
import { ParamSink, SqlValue } from '../../../platform/database/sql-params';

/** Marks a value's place until the filter is final (a private-use character: never in identifiers). */
const MARK = '\uE000';

/** Verbs whose refusal means "you may not see it": the record is hidden (404), never merely refused. */
const VISIBILITY_VERBS = ['read', 'list'];

/**
 * The access rules together with the resources registered so far: decides single records in memory and
 * compiles the same rules to SQL. Pure: whatever lives in the database reaches it as facts.
 */
export class AccessPolicy {
  private readonly resources = new Map<string, ResourceDescriptor>();

  constructor(readonly rules: AccessRules) {}

  /**
   * Registers a resource's descriptor and checks every action on the resource against it: a condition
   * needing a field or relation the resource does not describe stops the app.
   */
  register(descriptor: ResourceDescriptor): void {
    checkDescriptor(descriptor);
    const { resource } = descriptor;
    if (this.resources.has(resource)) throw new Error(`access resource '${resource}' is registered twice`);
    for (const [action, sets] of this.rules.actions) {
      if (resourceOf(action) !== resource) continue;
      sets.forEach((set, i) => {
        for (const c of set) {
          const where = `${this.rules.file}: action '${action}', set ${i + 1}: ${c.text}`;
          for (const field of c.def.fields) {
            if (!describes(descriptor, field)) {
              throw new AccessRulesError(
                `${where} needs the field '${field}', which resource '${resource}' (table ${descriptor.table}) does not describe`,
              );
            }
          }
          for (const relation of c.def.relations) {
            if (!hasRelation(descriptor, relation)) {
              throw new AccessRulesError(
                `${where} needs the relation '${relation}', which resource '${resource}' (table ${descriptor.table}) does not describe`,
              );
            }
          }
        }
      });
    }
    this.resources.set(resource, { ...descriptor, columns: { ...descriptor.columns } });
  }

  descriptor(resource: string): ResourceDescriptor | undefined {
    return this.resources.get(resource);
  }

  hasAction(action: string): boolean {
    return this.rules.actions.has(action);
  }

  /** Resources some action names that no module has registered (pending or not). */
  unregisteredResources(): string[] {
    const named = new Set([...this.rules.actions.keys()].map(resourceOf));
    return [...named].filter((r) => !this.resources.has(r)).sort();
  }

  registeredResources(): string[] {
    return [...this.resources.keys()].sort();
  }

  /** The action whose refusal hides the record: `<resource>.read`, when the rule file has it. */
  readActionOf(action: string): string | undefined {
    const read = `${resourceOf(action)}.read`;
    return this.rules.actions.has(read) ? read : undefined;
  }

  /** The facts worth loading to decide `action` (and its read counterpart) on this record. */
  factsNeeded(
    user: AccessUser,
    action: string,
    record: AccessRecord | undefined,
    now: Date,
  ): Set<AccessFact> {
    const needed = new Set<AccessFact>();
    const facts: AccessFacts = { now, breakGlass: false, namedOnRecord: false, partnerOfRecord: false };
    const input: EvalInput = { user, record: record ?? {}, facts };
    const actions = [action, this.readActionOf(action)].filter((a): a is string => a !== undefined);
    for (const a of actions) {
      for (const set of this.setsOf(a)) {
        const plain = set.filter((c) => c.def.facts.length === 0);
        // Only a set whose other conditions already hold can be decided by a fact.
        if (plain.length < set.length && plain.every((c) => c.def.test(input, c.arg))) {
          for (const c of set) for (const f of c.def.facts) needed.add(f);
        }
      }
    }
    return needed;
  }

  /** Whether any condition set of the action passes. An action with no sets is never allowed. */
  allows(user: AccessUser, action: string, record: AccessRecord | undefined, facts: AccessFacts): boolean {
    const input: EvalInput = { user, record: record ?? {}, facts };
    return this.setsOf(action).some((set) => set.every((c) => c.def.test(input, c.arg)));
  }

  /**
   * allow; or, refused, deny_hidden when the user may not even read the record (answer 404, as if it
   * did not exist) and deny_visible when they may read it but not do this (answer 403). Without a record
   * (creating one) or without a read rule for the resource there is nothing to hide: deny_visible.
   */
  decide(
    user: AccessUser,
    action: string,
    record: AccessRecord | undefined,
    facts: AccessFacts,
  ): AccessDecision {
    if (this.allows(user, action, record, facts)) return 'allow';
    if (record === undefined) return 'deny_visible';
    const verb = action.slice(action.lastIndexOf('.') + 1);
    if (VISIBILITY_VERBS.includes(verb)) return 'deny_hidden';
    const read = this.readActionOf(action);
    if (read === undefined) return 'deny_visible';
    return this.allows(user, read, record, facts) ? 'deny_visible' : 'deny_hidden';
  }

  /**
   * The action's rules as one boolean SQL expression over the resource's columns (qualified by `alias`,
   * by default the descriptor's), its values added to `params`. Sets that cannot pass for this user are
   * left out; no set left is FALSE.
   */
  compile(user: AccessUser, action: string, params: ParamSink, alias?: string): string {
    const resource = resourceOf(action);
    const sets = this.setsOf(action);
    const descriptor = this.resources.get(resource);
    if (!descriptor) throw new Error(`access resource '${resource}' is not registered`);
    const a = alias === undefined ? descriptor.alias : checkAlias(alias);
    // Conditions write placeholders into a scratch list first: a set dropped because one of its
    // conditions folds to FALSE must not leave its values behind in the caller's parameters.
    const scratch: SqlValue[] = [];
    const input: SqlInput = {
      user,
      descriptor,
      alias: a,
      params: { add: (value) => `${MARK}${scratch.push(value) - 1}${MARK}` },
      col: (field) => {
        const column = descriptor.columns[field];
        if (!column) throw new Error(`access resource '${resource}' does not describe '${field}'`);
        return `${a}.${column}`;
      },
    };
    const alternatives: string[] = [];
    let always = false;
    for (const set of sets) {
      const parts: string[] = [];
      let impossible = false;
      for (const c of set) {
        const fragment = c.def.sql(input, c.arg);
        if (fragment === FALSE_SQL) {
          impossible = true;
          break;
        }
        if (fragment !== TRUE_SQL) parts.push(fragment);
      }
      if (impossible) continue;
      if (parts.length === 0) {
        always = true; // a set that holds for every row
        break;
      }
      alternatives.push(parts.length === 1 ? (parts[0] ?? FALSE_SQL) : `(${parts.join(' AND ')})`);
    }
    if (always) return TRUE_SQL;
    if (alternatives.length === 0) return FALSE_SQL;
    const sql = alternatives.length === 1 ? (alternatives[0] ?? FALSE_SQL) : `(${alternatives.join(' OR ')})`;
    return sql.replace(new RegExp(`${MARK}(\\d+)${MARK}`, 'g'), (_, i: string) => {
      const value = scratch[Number(i)];
      if (value === undefined) throw new Error('access filter: lost a parameter');
      return params.add(value);
    });
  }

  private setsOf(action: string): readonly ConditionSet[] {
    const sets = this.rules.actions.get(action);
    if (!sets) throw new Error(`access action '${action}' is not in ${this.rules.file}`);
    const resource = resourceOf(action);
    if (!this.resources.has(resource)) throw new Error(`access resource '${resource}' is not registered`);
    return sets;
  }
}
