import { Injectable } from '@nestjs/common';
import { col, firstRow, Queryable, rowShape } from '../../platform/database';
import type { ResourceDescriptor } from './domain/resource-descriptor';

const FOUND = rowShape('exists', { found: col.bool() });

/**
 * The facts of an access decision that live in a relation table of the resource (named users,
 * partner organisations). The table and its columns come from the descriptor the owning module registered
 * (checked as plain identifiers at registration); this module names no other module's table itself.
 */
@Injectable()
export class AccessFactRepository {
  /** Whether the user is named on the record (the resource's namedUsers table has their row). */
  async isNamedOn(
    m: Queryable,
    named: NonNullable<ResourceDescriptor['namedUsers']>,
    recordId: string,
    userId: string,
  ): Promise<boolean> {
    return this.exists(
      m,
      `SELECT EXISTS (SELECT 1 FROM ${named.table}
                       WHERE ${named.keyColumn} = $1 AND ${named.userColumn} = $2) AS found`,
      [recordId, userId],
    );
  }

  /** Whether the organisation is a partner of the record (the resource's partnerOrganizations table). */
  async isPartnerOf(
    m: Queryable,
    partners: NonNullable<ResourceDescriptor['partnerOrganizations']>,
    recordId: string,
    organizationId: string,
  ): Promise<boolean> {
    return this.exists(
      m,
      `SELECT EXISTS (SELECT 1 FROM ${partners.table}
                       WHERE ${partners.keyColumn} = $1 AND ${partners.organizationColumn} = $2) AS found`,
      [recordId, organizationId],
    );
  }

  private async exists(m: Queryable, sql: string, params: unknown[]): Promise<boolean> {
    const row = await firstRow(m, sql, params);
    return row !== undefined && FOUND.parse(row).found;
  }
}
