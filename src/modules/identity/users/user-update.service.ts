import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CryptoService } from '../../../platform/crypto';
import { DomainError } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import { IdempotencyService, IdempotentCommand } from '../../../platform/idempotency';
import { OutboxService } from '../../../platform/outbox';
import { AuditService } from '../../audit';
import { AccountChangesService } from '../account-changes/account-changes.service';
import { PendingAccountChangeDto, UserWithPendingChangesDto } from '../account-changes/account-changes.dto';
import { SessionRepository } from '../auth/session.repository';
import { CaseReadingRoles } from '../case-reading';
import { UpdateUserDto } from '../dto/user.dto';
import { OrganizationRepository } from '../organizations/organization.repository';
import { RoleCatalogue } from '../role-catalogue';
import { UserDetail, UserRepository } from './user.repository';
import { assertOrganizationExists, checkRoles, emailChangeOf, sameSet } from './user-rules';
import '../identity.errors';

/**
 * An admin changes an account (PATCH /users/:id): display name, roles, organisation, work e-mail,
 * disabled. An admin never changes their own roles or organisation, nor disables themselves. A
 * case-reading (or admin) role the user does not hold yet, or a new e-mail of a case-reading user, waits
 * for a supervisor (202 with pendingChanges); the rest applies now. Every role or organisation change is
 * audited and told to the organisations' supervisors (outbox user.roles_changed); disabling ends every
 * session at once (outbox user.disabled). E-mail changes are audited without the address.
 */
@Injectable()
export class UserUpdateService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly organizations: OrganizationRepository,
    private readonly sessions: SessionRepository,
    private readonly roleCatalogue: RoleCatalogue,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly idempotency: IdempotencyService,
    private readonly crypto: CryptoService,
    private readonly accountChanges: AccountChangesService,
    private readonly caseReading: CaseReadingRoles,
  ) {}

  async update(
    actor: Actor,
    id: string,
    dto: UpdateUserDto,
    cmd: IdempotentCommand,
  ): Promise<UserWithPendingChangesDto> {
    const requestedRoles = dto.roles === undefined ? undefined : checkRoles(this.roleCatalogue, dto.roles);
    // The e-mail enters the request hash only as a keyed MAC.
    const command: IdempotentCommand = {
      ...cmd,
      body:
        typeof dto.email === 'string'
          ? { ...(cmd.body as object), email: this.crypto.blindIndex('text', dto.email) }
          : cmd.body,
    };
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, command, () => this.apply(m, actor, id, dto, requestedRoles)),
    );
  }

  private async apply(
    m: EntityManager,
    actor: Actor,
    id: string,
    dto: UpdateUserDto,
    requestedRoles: string[] | undefined,
  ): Promise<UserWithPendingChangesDto> {
    const before = await this.users.find(m, id, { lock: true });
    if (!before) throw new DomainError('USER_NOT_FOUND');
    if (dto.version !== undefined && dto.version !== before.version)
      throw new DomainError('VERSION_CONFLICT');

    // A case-reading (or admin) role the user does not hold yet waits for confirmation; the rest applies now.
    const guardedRoles = this.caseReading
      .needingConfirmation(requestedRoles ?? [])
      .filter((r) => !before.roles.includes(r));
    const newRoles = requestedRoles?.filter((r) => !guardedRoles.includes(r));
    const rolesChange = newRoles !== undefined && !sameSet(newRoles, before.roles);
    const orgChange = dto.organizationId !== undefined && dto.organizationId !== before.organizationId;
    const self = actor.user.id === id;
    if (self && (rolesChange || orgChange)) throw new DomainError('SELF_ROLE_CHANGE_FORBIDDEN');
    if (self && dto.disabled === true) throw new DomainError('SELF_DISABLE_FORBIDDEN');
    if (orgChange && dto.organizationId)
      await assertOrganizationExists(this.organizations, m, dto.organizationId);
    const disabling = dto.disabled === true && !before.disabled;
    const enabling = dto.disabled === false && before.disabled;
    const renaming = dto.displayName !== undefined && dto.displayName !== before.displayName;
    const requestedEmailChange = emailChangeOf(dto.email, before.email);
    // A new address of a case-reading user waits too (clearing it gives no one anything).
    const emailGuarded =
      (requestedEmailChange === 'set' || requestedEmailChange === 'changed') &&
      this.caseReading.among([...before.roles, ...(newRoles ?? [])]).length > 0;
    const emailChange = emailGuarded ? undefined : requestedEmailChange;
    const pendingChanges: PendingAccountChangeDto[] = [];
    if (guardedRoles.length > 0) {
      pendingChanges.push(
        await this.accountChanges.request(m, actor, {
          kind: 'add_role',
          userId: id,
          organizationId: before.organizationId,
          roles: guardedRoles,
        }),
      );
    }
    if (emailGuarded && typeof dto.email === 'string') {
      pendingChanges.push(
        await this.accountChanges.request(m, actor, {
          kind: 'change_email',
          userId: id,
          organizationId: before.organizationId,
          email: dto.email,
        }),
      );
    }
    const answer = (user: UserDetail): UserWithPendingChangesDto =>
      pendingChanges.length > 0 ? Object.assign(user, { pendingChanges }) : user;
    if (!rolesChange && !orgChange && !disabling && !enabling && !renaming && !emailChange)
      return answer(before);

    const roles = rolesChange ? newRoles : before.roles;
    const organizationId = orgChange && dto.organizationId ? dto.organizationId : before.organizationId;
    const after = await this.users.update(m, id, {
      displayName: renaming && dto.displayName !== undefined ? dto.displayName : before.displayName,
      roles,
      organizationId,
      disabled: disabling || (before.disabled && !enabling),
      ...(emailChange ? { email: dto.email ?? null } : {}),
    });
    if (!after) throw new DomainError('USER_NOT_FOUND');

    const audit = (action: string, reasonCode?: string, reasonText?: string): Promise<void> =>
      this.audit.record(m, {
        action,
        actor: actor.user,
        entityType: 'user',
        entityId: id,
        reasonCode,
        reasonText,
        requestId: actor.requestId,
      });
    if (rolesChange || orgChange) {
      // What changed, in keys and ids only; kept encrypted like every reason text.
      const detail = [
        rolesChange ? `roles: ${before.roles.join(',')} -> ${roles.join(',')}` : undefined,
        orgChange ? `organization: ${before.organizationId} -> ${organizationId}` : undefined,
      ].filter((x) => x !== undefined);
      await audit(
        'user.roles_changed',
        rolesChange && orgChange ? 'roles_and_organization' : rolesChange ? 'roles' : 'organization',
        detail.join('; '),
      );
      await this.outbox.write(m, 'user.roles_changed', {
        userId: id,
        organizationIds: [...new Set([before.organizationId, organizationId])],
        actorId: actor.user.id,
      });
    }
    if (renaming) await audit('user.renamed');
    if (emailChange) await audit('user.email_changed', emailChange);
    if (disabling) {
      const ended = await this.sessions.revokeAllOf(m, id, 'user_disabled');
      await audit('user.disabled', `sessions_ended:${ended}`);
      await this.outbox.write(m, 'user.disabled', {
        userId: id,
        organizationId,
        actorId: actor.user.id,
      });
    }
    if (enabling) await audit('user.enabled');
    return answer(after);
  }
}
