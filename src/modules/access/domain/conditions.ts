import { AccessFact, AccessFacts, AccessField, AccessRecord, AccessUser } from './access-record';
import { ResourceDescriptor, ResourceRelation } from './resource-descriptor';
import { ParamSink } from '../../../platform/database/sql-params';

/** The value of a condition's argument after validation: a role key, a number of hours, or none. */
export type ConditionArg = string | number | undefined;

/** What the rule file's author may write between the parentheses. */
export type ArgumentKind = 'none' | 'role' | 'hours';

export interface EvalInput {
  user: AccessUser;
  record: AccessRecord;
  facts: AccessFacts;
}

export interface SqlInput {
  user: AccessUser;
  descriptor: ResourceDescriptor;
  /** The column holding a field, qualified by the alias in use ("c.organization_id"). */
  col: (field: AccessField) => string;
  params: ParamSink;
  alias: string;
}

/**
 * A condition of the access rules: a named predicate with (a) an in-memory test over the user, the
 * record and the loaded facts, and (b) a compiler to a boolean SQL fragment over the resource's columns.
 * The two must agree on every row (the property test in test/integration checks it).
 *
 * SQL fragments are combined with AND and OR only, never negated: a NULL column makes a comparison
 * NULL, which filters the row out exactly as the in-memory test's "missing never satisfies" does.
 * A fragment that depends on the user only is folded to TRUE or FALSE.
 */
export interface ConditionDef {
  name: string;
  argument: ArgumentKind;
  /** What it means, for the rule file's readers and the error messages. */
  doc: string;
  /** The record fields it reads: the resource must map each of them to a column. */
  fields: readonly AccessField[];
  relations: readonly ResourceRelation[];
  facts: readonly AccessFact[];
  test(input: EvalInput, arg: ConditionArg): boolean;
  sql(input: SqlInput, arg: ConditionArg): string;
}

export const TRUE_SQL = 'TRUE';
export const FALSE_SQL = 'FALSE';

/** The role key isSupervisor stands for (config/catalogues/roles.yaml). */
export const SUPERVISOR_ROLE = 'supervisor';
/** The status that ends a case's workflow (docs/DESIGN.md §3). */
export const CLOSED_STATUS = 'closed';
/** A case merged into another (issue 15): no longer changed, as a closed one. */
export const MERGED_STATUS = 'merged';
/** The longest window createdWithinHours accepts: a year. */
export const MAX_HOURS = 8760;

const HOUR_MS = 3_600_000;

const constant = (b: boolean): string => (b ? TRUE_SQL : FALSE_SQL);

const eqUser = (value: string | null | undefined, user: string): boolean =>
  typeof value === 'string' && value === user;

const hoursArg = (arg: ConditionArg): number => {
  if (typeof arg !== 'number') throw new Error('condition argument must be a number of hours');
  return arg;
};

const roleArg = (arg: ConditionArg): string => {
  if (typeof arg !== 'string') throw new Error('condition argument must be a role');
  return arg;
};

const within = (at: Date | null | undefined, hours: number, now: Date): boolean =>
  at instanceof Date && at.getTime() > now.getTime() - hours * HOUR_MS;

/** `created_at > now() - interval 'n hours'`: n is a validated integer, written as a literal. */
const withinSql = (column: string, hours: number): string => `${column} > now() - interval '${hours} hours'`;

function def(
  d: Omit<ConditionDef, 'relations' | 'facts'> & Partial<Pick<ConditionDef, 'relations' | 'facts'>>,
): ConditionDef {
  return { relations: [], facts: [], ...d };
}

const DEFINITIONS: ConditionDef[] = [
  def({
    name: 'hasRole',
    argument: 'role',
    doc: 'the user holds the role',
    fields: [],
    test: ({ user }, arg) => user.roles.includes(roleArg(arg)),
    sql: ({ user }, arg) => constant(user.roles.includes(roleArg(arg))),
  }),
  def({
    name: 'isSelf',
    argument: 'none',
    doc: 'the record is the user themselves',
    fields: ['id'],
    test: ({ user, record }) => eqUser(record.id, user.id),
    sql: ({ user, col, params }) => `${col('id')} = ${params.add(user.id)}`,
  }),
  def({
    name: 'isOwner',
    argument: 'none',
    doc: 'the record belongs to the user (a notification to its recipient)',
    fields: ['ownerId'],
    test: ({ user, record }) => eqUser(record.ownerId, user.id),
    sql: ({ user, col, params }) => `${col('ownerId')} = ${params.add(user.id)}`,
  }),
  def({
    name: 'isAssignee',
    argument: 'none',
    doc: 'the record is assigned to the user',
    fields: ['assigneeId'],
    test: ({ user, record }) => eqUser(record.assigneeId, user.id),
    sql: ({ user, col, params }) => `${col('assigneeId')} = ${params.add(user.id)}`,
  }),
  def({
    name: 'inSameOrganization',
    argument: 'none',
    doc: "the record is held by the user's organisation",
    fields: ['organizationId'],
    test: ({ user, record }) => eqUser(record.organizationId, user.organizationId),
    sql: ({ user, col, params }) => `${col('organizationId')} = ${params.add(user.organizationId)}`,
  }),
  def({
    name: 'isSupervisor',
    argument: 'none',
    doc: "the user is a supervisor of the record's organisation",
    fields: ['organizationId'],
    test: ({ user, record }) =>
      user.roles.includes(SUPERVISOR_ROLE) && eqUser(record.organizationId, user.organizationId),
    sql: ({ user, col, params }) =>
      user.roles.includes(SUPERVISOR_ROLE)
        ? `${col('organizationId')} = ${params.add(user.organizationId)}`
        : FALSE_SQL,
  }),
  def({
    name: 'isReferralRecipient',
    argument: 'none',
    doc: "the record (a referral) is addressed to the user's organisation",
    fields: ['recipientOrganizationId'],
    test: ({ user, record }) => eqUser(record.recipientOrganizationId, user.organizationId),
    sql: ({ user, col, params }) => `${col('recipientOrganizationId')} = ${params.add(user.organizationId)}`,
  }),
  def({
    name: 'caseOpen',
    argument: 'none',
    doc: `the record's status is set and is not '${CLOSED_STATUS}' (nor '${MERGED_STATUS}')`,
    fields: ['status'],
    test: ({ record }) =>
      typeof record.status === 'string' && record.status !== CLOSED_STATUS && record.status !== MERGED_STATUS,
    sql: ({ col }) => `${col('status')} NOT IN ('${CLOSED_STATUS}', '${MERGED_STATUS}')`,
  }),
  def({
    name: 'notRestricted',
    argument: 'none',
    doc: 'the record is known not to be restricted (unknown counts as restricted)',
    fields: ['restricted'],
    test: ({ record }) => record.restricted === false,
    sql: ({ col }) => `${col('restricted')} = false`,
  }),
  def({
    name: 'createdWithinHours',
    argument: 'hours',
    doc: 'the record was created less than the given number of hours ago',
    fields: ['createdAt'],
    test: ({ record, facts }, arg) => within(record.createdAt, hoursArg(arg), facts.now),
    sql: ({ col }, arg) => withinSql(col('createdAt'), hoursArg(arg)),
  }),
  def({
    name: 'createdByMeWithinHours',
    argument: 'hours',
    doc: 'the user created the record less than the given number of hours ago',
    fields: ['createdBy', 'createdAt'],
    test: ({ user, record, facts }, arg) =>
      eqUser(record.createdBy, user.id) && within(record.createdAt, hoursArg(arg), facts.now),
    sql: ({ user, col, params }, arg) =>
      `(${col('createdBy')} = ${params.add(user.id)} AND ${withinSql(col('createdAt'), hoursArg(arg))})`,
  }),
  def({
    name: 'isNamedOnRestrictedCase',
    argument: 'none',
    doc: 'the record is restricted and names the user (a supervisor named on a restricted case)',
    fields: ['id', 'restricted'],
    relations: ['namedUsers'],
    facts: ['namedOnRecord'],
    test: ({ record, facts }) =>
      record.restricted === true && typeof record.id === 'string' && facts.namedOnRecord,
    sql: ({ user, col, params, descriptor }) => {
      const named = descriptor.namedUsers;
      if (!named) throw new Error(`resource '${descriptor.resource}' has no namedUsers table`);
      return (
        `(${col('restricted')} = true AND EXISTS (SELECT 1 FROM ${named.table} access_named` +
        ` WHERE access_named.${named.keyColumn} = ${col('id')}` +
        ` AND access_named.${named.userColumn} = ${params.add(user.id)}))`
      );
    },
  }),
  def({
    name: 'hasBreakGlass',
    argument: 'none',
    doc: "the user holds an active break-glass grant for the record's case, in the record's organisation",
    fields: ['caseId', 'organizationId'],
    facts: ['breakGlass'],
    test: ({ record, facts }) =>
      typeof record.caseId === 'string' && typeof record.organizationId === 'string' && facts.breakGlass,
    sql: ({ user, col, params }) =>
      `EXISTS (SELECT 1 FROM break_glass_grants access_bg` +
      ` WHERE access_bg.user_id = ${params.add(user.id)}` +
      ` AND access_bg.case_id = ${col('caseId')}` +
      ` AND access_bg.organization_id = ${col('organizationId')}` +
      ` AND access_bg.expires_at > now() AND access_bg.revoked_at IS NULL)`,
  }),
  def({
    name: 'isPartnerSupervisor',
    argument: 'none',
    doc: 'the user is a supervisor of an organisation that is a partner of the record (one that refers to a safe house)',
    fields: ['id'],
    relations: ['partnerOrganizations'],
    facts: ['partnerOfRecord'],
    test: ({ user, record, facts }) =>
      user.roles.includes(SUPERVISOR_ROLE) && typeof record.id === 'string' && facts.partnerOfRecord,
    sql: ({ user, col, params, descriptor }) => {
      const partners = descriptor.partnerOrganizations;
      if (!partners) throw new Error(`resource '${descriptor.resource}' has no partnerOrganizations table`);
      if (!user.roles.includes(SUPERVISOR_ROLE)) return FALSE_SQL;
      return (
        `EXISTS (SELECT 1 FROM ${partners.table} access_partner` +
        ` WHERE access_partner.${partners.keyColumn} = ${col('id')}` +
        ` AND access_partner.${partners.organizationColumn} = ${params.add(user.organizationId)})`
      );
    },
  }),
];

/** Every condition the rule file may use, by name. */
export const CONDITIONS: ReadonlyMap<string, ConditionDef> = new Map(DEFINITIONS.map((d) => [d.name, d]));
