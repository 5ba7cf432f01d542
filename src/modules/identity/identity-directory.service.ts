import { Injectable } from '@nestjs/common';
import type { Queryable } from '../../platform/database';
import type { ActorNames, WorkName } from '../audit';
import { OrganizationRepository } from './organizations/organization.repository';
import { UserRepository } from './users/user.repository';

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
    private readonly users: UserRepository,
    private readonly organizations: OrganizationRepository,
  ) {}

  /** Ids of the users of this organisation who hold the role and are not disabled. */
  async activeUserIdsWithRole(organizationId: string, role: string): Promise<string[]> {
    return this.users.activeIdsWithRole(organizationId, role);
  }

  /** Ids of the active users holding a role in any organisation (the administrators, for example). */
  async activeUserIdsWithRoleAnywhere(role: string): Promise<string[]> {
    return this.users.activeIdsWithRole(undefined, role);
  }

  /** Organisation, roles and state of a user (null when unknown), for checks such as "a counsellor of this organisation". */
  async userFacts(
    userId: string,
  ): Promise<{ id: string; organizationId: string; roles: string[]; disabled: boolean } | null> {
    return (await this.users.factsOf(userId)) ?? null;
  }

  /** An organisation's id and type (null when unknown), e.g. to route a case intake by type. */
  async organizationFacts(organizationId: string): Promise<{ id: string; type: string } | null> {
    return (await this.organizations.factsOf({ id: organizationId })) ?? null;
  }

  /** An organisation's name (not personal data: printed documents name it), null when unknown. */
  async organizationName(organizationId: string, m: Queryable): Promise<string | null> {
    return (await this.organizations.find(m, organizationId))?.name ?? null;
  }

  /** The organisation with this exact name (names are unique), null when there is none. */
  async organizationNamed(name: string): Promise<{ id: string; type: string } | null> {
    return (await this.organizations.factsOf({ name })) ?? null;
  }

  /** Organisations (id, name, type: no personal data) by id or by type, by name: e.g. where a case may go. */
  async organizationsNamed(
    by: { ids: readonly string[] } | { types: readonly string[] },
  ): Promise<{ id: string; name: string; type: string }[]> {
    return this.organizations.namedBy(by);
  }

  /**
   * Work names by user id (username and display name: staff accounts, not survivors' data), for the
   * audit trail and access logs shown to auditors, supervisors and counsellors.
   */
  async workNamesOf(userIds: readonly string[]): Promise<Map<string, WorkName>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.users.workNamesOf(userIds);
    return new Map(rows.map((r) => [r.id, { username: r.username, displayName: r.displayName }]));
  }

  /** The work e-mail of an active user, decrypted; null when there is none or the user is disabled. */
  async notificationEmailOf(userId: string): Promise<string | null> {
    return this.users.activeEmailOf(userId);
  }

  /**
   * The active counsellors of an organisation, for its supervisor assigning a case by id (issue 12,
   * Newcomer 3; GET /api/v1/users/assignable): ids and names, nothing more.
   */
  async assignableIn(organizationId: string): Promise<{ id: string; displayName: string }[]> {
    return this.users.activeNamesWithRole(organizationId, ASSIGNABLE_ROLE);
  }

  /**
   * Who may confirm an account change of this user (issue 12, Security 1): the active supervisors of
   * her organisation; if it has none, those of its parent organisation; if neither has one (a new
   * organisation being set up), the other active administrators. Never the requester, never the user.
   */
  async confirmersOf(targetUserId: string, requesterId: string): Promise<string[]> {
    return this.users.confirmersOf(targetUserId, requesterId);
  }
}
