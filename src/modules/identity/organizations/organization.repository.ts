import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  col,
  firstRow,
  insertStatement,
  isUniqueViolation,
  PositionalParams,
  Queryable,
  rowShape,
  rowsOf,
  run,
  updateStatement,
} from '../../../platform/database';

const ORGANIZATION = rowShape('organization', {
  id: col.uuid(),
  name: col.text(),
  type: col.text(),
  province_code: col.text(),
  commune_code: col.text().orNull(),
  parent_id: col.uuid().orNull(),
  version: col.int(),
});

const FACTS = rowShape('organization facts', { id: col.uuid(), type: col.text() });
const NAMED = rowShape('organization names', { id: col.uuid(), name: col.text(), type: col.text() });
const CYCLE = rowShape('organization cycle', { cycle: col.bool() });

export interface Organization {
  id: string;
  name: string;
  type: string;
  provinceCode: string;
  communeCode: string | null;
  parentId: string | null;
  version: number;
}

/** What an organisation is made of, or changed to. */
export interface OrganizationValues {
  name: string;
  type: string;
  provinceCode: string;
  communeCode: string | null;
  parentId: string | null;
}

const toOrganization = (raw: unknown): Organization => {
  const r = ORGANIZATION.parse(raw);
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    provinceCode: r.province_code,
    communeCode: r.commune_code,
    parentId: r.parent_id,
    version: r.version,
  };
};

const columnsOf = (v: OrganizationValues) => ({
  name: v.name,
  type: v.type,
  province_code: v.provinceCode,
  commune_code: v.communeCode,
  parent_id: v.parentId,
});

/** The organizations table. */
@Injectable()
export class OrganizationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts an organisation; undefined when the name is taken. */
  async insert(m: Queryable, values: OrganizationValues): Promise<Organization | undefined> {
    const s = insertStatement('organizations', columnsOf(values));
    const row = await firstRow(
      m,
      `${s.text} ON CONFLICT (name) DO NOTHING RETURNING ${ORGANIZATION.columns()}`,
      s.values,
    );
    return row === undefined ? undefined : toOrganization(row);
  }

  /**
   * Changes an organisation (version + 1); undefined when it does not exist, 'name_taken' when another
   * one has the name.
   */
  async update(
    m: Queryable,
    id: string,
    values: OrganizationValues,
  ): Promise<Organization | 'name_taken' | undefined> {
    const s = updateStatement('organizations', columnsOf(values), (p) => `id = ${p.add(id)}`, {
      extraSet: ['updated_at = now()', 'version = version + 1'],
      returning: ORGANIZATION.columns(),
    });
    try {
      const [row] = await run(m, s);
      return row === undefined ? undefined : toOrganization(row);
    } catch (e) {
      if (isUniqueViolation(e)) return 'name_taken';
      throw e;
    }
  }

  async find(m: Queryable, id: string, opts: { lock?: boolean } = {}): Promise<Organization | undefined> {
    const row = await firstRow(
      m,
      `SELECT ${ORGANIZATION.columns()} FROM organizations WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row === undefined ? undefined : toOrganization(row);
  }

  async findByName(name: string): Promise<Organization | undefined> {
    const row = await firstRow(
      this.dataSource.manager,
      `SELECT ${ORGANIZATION.columns()} FROM organizations WHERE name = $1`,
      [name],
    );
    return row === undefined ? undefined : toOrganization(row);
  }

  async exists(m: Queryable, id: string): Promise<boolean> {
    const row = await firstRow(m, `SELECT id FROM organizations WHERE id = $1`, [id]);
    return row !== undefined;
  }

  /** Organisations by name then id, after the keyset position given; limit rows at most. */
  async pageByName(after: [string, string] | undefined, limit: number): Promise<Organization[]> {
    const p = new PositionalParams();
    const where = after ? `WHERE (name, id) > (${p.add(after[0])}::text, ${p.add(after[1])}::uuid)` : '';
    const rows = await rowsOf(
      this.dataSource.manager,
      `SELECT ${ORGANIZATION.columns()} FROM organizations ${where} ORDER BY name, id LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map(toOrganization);
  }

  /** Whether `id` is `parentId` itself or one of its ancestors (so making parentId its parent is a cycle). */
  async isAncestorOrSelf(m: Queryable, id: string, parentId: string): Promise<boolean> {
    const row = await firstRow(
      m,
      `WITH RECURSIVE up(id, parent_id) AS (
         SELECT id, parent_id FROM organizations WHERE id = $1
         UNION
         SELECT o.id, o.parent_id FROM organizations o JOIN up ON o.id = up.parent_id
       )
       SELECT EXISTS (SELECT 1 FROM up WHERE id = $2) AS cycle`,
      [parentId, id],
    );
    return row !== undefined && CYCLE.parse(row).cycle;
  }

  /** An organisation's id and type, by id or by its exact name. */
  async factsOf(by: { id: string } | { name: string }): Promise<{ id: string; type: string } | undefined> {
    const [column, value] = 'id' in by ? ['id', by.id] : ['name', by.name];
    const row = await firstRow(
      this.dataSource.manager,
      `SELECT ${FACTS.columns()} FROM organizations WHERE ${column} = $1`,
      [value],
    );
    return row === undefined ? undefined : FACTS.parse(row);
  }

  /** Ids, names and types of the organisations with these ids or of these types, by name. */
  async namedBy(
    by: { ids: readonly string[] } | { types: readonly string[] },
  ): Promise<{ id: string; name: string; type: string }[]> {
    const [where, values] =
      'ids' in by ? ['id = ANY($1::uuid[])', [...by.ids]] : ['type = ANY($1::text[])', [...by.types]];
    const rows = await rowsOf(
      this.dataSource.manager,
      `SELECT ${NAMED.columns()} FROM organizations WHERE ${where} ORDER BY name, id`,
      [values],
    );
    return NAMED.parseAll(rows);
  }
}
