import { ACCESS_FIELDS, AccessField } from './access-record';

/**
 * How a module tells the access module where the fields of its records live, so that the same rules
 * compile to a SQL filter over its table. Registered by the module that owns the table, at start-up.
 */
export interface ResourceDescriptor {
  /** The resource: the first segment of its actions ("case" for "case.read"). */
  resource: string;
  /** The table holding the records. */
  table: string;
  /** The alias the SQL filter qualifies columns with, unless the caller passes another. */
  alias: string;
  /** For each field the resource has, the column of `table` that holds it (a bare column name). */
  columns: Partial<Record<AccessField, string>>;
  /**
   * Users named on a record (for a restricted case, the supervisors named on it): a table with one row
   * per (record, user). `keyColumn` holds the record's `id`, `userColumn` the user's id.
   */
  namedUsers?: { table: string; keyColumn: string; userColumn: string };
  /**
   * Organisations that are partners of a record (the organisations that refer to a safe house): a table
   * with one row per (record, organisation). `keyColumn` holds the record's `id`.
   */
  partnerOrganizations?: { table: string; keyColumn: string; organizationColumn: string };
}

/** The relations a condition may need besides columns. */
export type ResourceRelation = 'namedUsers' | 'partnerOrganizations';

const RESOURCE = /^[a-z][a-z0-9_]*$/;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const TABLE = /^([a-z_][a-z0-9_]*\.)?[a-z_][a-z0-9_]*$/;

/**
 * Checks a descriptor's shape. Every name that reaches SQL must be a plain lower-case identifier: the
 * filter writes them into SQL text, so nothing else may pass.
 */
export function checkDescriptor(d: ResourceDescriptor): void {
  const where = `access resource '${d.resource}'`;
  if (typeof d.resource !== 'string' || !RESOURCE.test(d.resource)) {
    throw new Error(`${where}: the resource name must be snake_case`);
  }
  if (typeof d.table !== 'string' || !TABLE.test(d.table)) throw new Error(`${where}: table is malformed`);
  if (typeof d.alias !== 'string' || !IDENTIFIER.test(d.alias))
    throw new Error(`${where}: alias is malformed`);
  for (const [field, column] of Object.entries(d.columns)) {
    if (!(ACCESS_FIELDS as readonly string[]).includes(field)) {
      throw new Error(`${where}: unknown field '${field}' (known: ${ACCESS_FIELDS.join(', ')})`);
    }
    if (typeof column !== 'string' || !IDENTIFIER.test(column)) {
      throw new Error(`${where}: the column of '${field}' must be a bare lower-case column name`);
    }
  }
  if (d.namedUsers) {
    const n = d.namedUsers;
    if (!TABLE.test(n.table) || !IDENTIFIER.test(n.keyColumn) || !IDENTIFIER.test(n.userColumn)) {
      throw new Error(`${where}: namedUsers needs a table, keyColumn and userColumn as plain identifiers`);
    }
  }
  if (d.partnerOrganizations) {
    const n = d.partnerOrganizations;
    if (!TABLE.test(n.table) || !IDENTIFIER.test(n.keyColumn) || !IDENTIFIER.test(n.organizationColumn)) {
      throw new Error(
        `${where}: partnerOrganizations needs a table, keyColumn and organizationColumn as plain identifiers`,
      );
    }
  }
}

export function describes(d: ResourceDescriptor, field: AccessField): boolean {
  return typeof d.columns[field] === 'string';
}

const RELATIONS: Record<ResourceRelation, (d: ResourceDescriptor) => boolean> = {
  namedUsers: (d) => d.namedUsers !== undefined,
  partnerOrganizations: (d) => d.partnerOrganizations !== undefined,
};

export function hasRelation(d: ResourceDescriptor, relation: ResourceRelation): boolean {
  return RELATIONS[relation](d);
}

/** An alias given at call time must be as safe as the descriptor's. */
export function checkAlias(alias: string): string {
  if (!IDENTIFIER.test(alias)) throw new Error(`access filter: alias '${alias}' is not a plain identifier`);
  return alias;
}
