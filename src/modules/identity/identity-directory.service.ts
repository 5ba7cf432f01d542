import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CryptoService } from '../../platform/crypto';
import type { ActorNames, WorkName } from '../audit';
import { USER_EMAIL_CONTEXT } from './identity.crypto';

/** Who a case may be assigned to: a counsellor of its organisation (CaseWorkflowService.assign checks the same). */
const ASSIGNABLE_ROLE = 'counsellor';

/**
 * Who is who, for other modules (notifications first): ids of active users by organisation and role,
 * and the one contact detail an outside notification needs. Read-only; the identity module owns the
 * users table, other modules come through here.
 */
@Injectable()
export class IdentityDirectoryService implements ActorNames {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
  ) {}

  /** Ids of the users of this organisation who hold the role and are not disabled. */
  async activeUserIdsWithRole(organizationId: string, role: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM users WHERE organization_id = $1 AND $2 = ANY(roles) AND NOT disabled ORDER BY id`,
      [organizationId, role],
    );
    return rows.map((r) => r.id);
  }

  /** Ids of the active users holding a role in any organisation (the administrators, for example). */
  async activeUserIdsWithRoleAnywhere(role: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM users WHERE $1 = ANY(roles) AND NOT disabled ORDER BY id`,
      [role],
    );
    return rows.map((r) => r.id);
  }

  /** Organisation, roles and state of a user (null when unknown), for checks such as "a counsellor of this organisation". */
  async userFacts(
    userId: string,
  ): Promise<{ id: string; organizationId: string; roles: string[]; disabled: boolean } | null> {
    const [row] = await this.dataSource.query<
      { id: string; organization_id: string; roles: string[]; disabled: boolean }[]
    >(`SELECT id, organization_id, roles, disabled FROM users WHERE id = $1`, [userId]);
    return row
      ? { id: row.id, organizationId: row.organization_id, roles: row.roles, disabled: row.disabled }
      : null;
  }

  /** An organisation's id and type (null when unknown), e.g. to route a case intake by type. */
  async organizationFacts(organizationId: string): Promise<{ id: string; type: string } | null> {
    const [row] = await this.dataSource.query<{ id: string; type: string }[]>(
      `SELECT id, type FROM organizations WHERE id = $1`,
      [organizationId],
    );
    return row ?? null;
  }

  /** The organisation with this exact name (names are unique), null when there is none. */
  async organizationNamed(name: string): Promise<{ id: string; type: string } | null> {
    const [row] = await this.dataSource.query<{ id: string; type: string }[]>(
      `SELECT id, type FROM organizations WHERE name = $1`,
      [name],
    );
    return row ?? null;
  }

  /**
   * Work names by user id (username and display name: staff accounts, not survivors' data), for the
   * audit trail and access logs shown to auditors, supervisors and counsellors.
   */
  async workNamesOf(userIds: readonly string[]): Promise<Map<string, WorkName>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.dataSource.query<{ id: string; username: string; display_name: string }[]>(
      `SELECT id, username, display_name FROM users WHERE id = ANY($1::uuid[])`,
      [[...new Set(userIds)]],
    );
    return new Map(rows.map((r) => [r.id, { username: r.username, displayName: r.display_name }]));
  }

  /** The work e-mail of an active user, decrypted; null when there is none or the user is disabled. */
  async notificationEmailOf(userId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ email_enc: string | null }[]>(
      `SELECT email_enc FROM users WHERE id = $1 AND NOT disabled`,
      [userId],
    );
    return this.crypto.decryptOptional(row?.email_enc, USER_EMAIL_CONTEXT);
  }

  /**
   * The active counsellors of an organisation, for its supervisor assigning a case by id (issue 12,
   * Newcomer 3; GET /api/v1/users/assignable): ids and names, nothing more.
   */
  async assignableIn(organizationId: string): Promise<{ id: string; displayName: string }[]> {
    const rows = await this.dataSource.query<{ id: string; display_name: string }[]>(
      `SELECT id, display_name FROM users
        WHERE organization_id = $1 AND NOT disabled AND $2 = ANY(roles)
        ORDER BY display_name, id`,
      [organizationId, ASSIGNABLE_ROLE],
    );
    return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
  }

  /**
   * Who may confirm an account change of this user (issue 12, Security 1): the active supervisors of
   * her organisation; if it has none, those of its parent organisation; if neither has one (a new
   * organisation being set up), the other active administrators. Never the requester, never the user.
   */
  async confirmersOf(targetUserId: string, requesterId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string; tier: number }[]>(
      `WITH target AS (
         SELECT u.id, u.organization_id, o.parent_id
           FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1
       ), candidates AS (
         SELECT c.id, CASE WHEN c.organization_id = t.organization_id AND 'supervisor' = ANY(c.roles) THEN 1
                           WHEN c.organization_id = t.parent_id AND 'supervisor' = ANY(c.roles) THEN 2
                           ELSE 3 END AS tier
           FROM users c, target t
          WHERE NOT c.disabled AND c.id <> t.id AND c.id <> $2
            AND (('supervisor' = ANY(c.roles) AND c.organization_id IN (t.organization_id, t.parent_id))
                 OR 'admin' = ANY(c.roles))
       )
       SELECT id, tier FROM candidates WHERE tier = (SELECT min(tier) FROM candidates) ORDER BY id`,
      [targetUserId, requesterId],
    );
    return rows.map((r) => r.id);
  }
}
