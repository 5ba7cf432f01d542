import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Queryable } from '../../../platform/database';
import { DomainError } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import { OutboxService } from '../../../platform/outbox';
import { AuditService } from '../../audit';
import { CredentialRepository } from '../auth/credential.repository';
import { SessionRepository } from '../auth/session.repository';
import { CaseReadingRoles } from '../case-reading';
import { isForbiddenCombination, normaliseRoles } from '../domain/roles';
import { IdentityDirectoryService } from '../identity-directory.service';
import { PasswordService } from '../password.service';
import { RoleCatalogue } from '../role-catalogue';
import { UserDetail, UserRepository } from '../users/user.repository';
import { AccountChange, AccountChangeRepository } from './account-change.repository';
import {
  AccountChangeDto,
  AccountChangeKind,
  AccountChangeListDto,
  ConfirmedAccountChangeDto,
  PendingAccountChangeDto,
} from './account-changes.dto';
import '../identity.errors';

/** How long a request waits for its confirmation. */
export const ACCOUNT_CHANGE_TTL_DAYS = 7;

/** Letters and digits that are not mistaken for one another when read aloud or copied by hand. */
const TEMP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A temporary password: 20 random characters (about 99 bits) in groups of five. */
export function temporaryPassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 5 }, () => TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}

/**
 * Account changes an administrator may ask for but not make alone (issue 12, Security 1; docs/DESIGN.md §7):
 * a case-reading role for a new or existing account, a password or second-factor reset, a new work
 * e-mail of a case-reading user. Each waits for a confirmer (IdentityDirectoryService.confirmersOf:
 * the user's supervisors, else the parent organisation's, else another admin; never the requester nor
 * the user). A confirmed reset, or a first case-reading role, gives the account a temporary password
 * shown once to the confirmer to hand over in person (never to the admin, never by e-mail, never
 * stored), ends her sessions and keeps her on "set your own password" until she does.
 */
@Injectable()
export class AccountChangesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: AccountChangeRepository,
    private readonly users: UserRepository,
    private readonly credentials: CredentialRepository,
    private readonly sessions: SessionRepository,
    private readonly directory: IdentityDirectoryService,
    private readonly caseReading: CaseReadingRoles,
    private readonly roleCatalogue: RoleCatalogue,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Records a request in the caller's transaction; a pending one of the same kind for the same user is
   * reused (a retry, or a second request, makes no second change; roles add up, the latest e-mail wins).
   */
  async request(
    m: EntityManager,
    actor: Actor,
    input: {
      kind: AccountChangeKind;
      userId: string;
      organizationId: string;
      roles?: string[];
      email?: string;
    },
  ): Promise<PendingAccountChangeDto> {
    await this.changes.expireDueOf(m, input.userId);
    const row = await this.changes.requestPending(m, {
      kind: input.kind,
      userId: input.userId,
      requestedBy: actor.user.id,
      roles: input.roles ?? [],
      email: input.email ?? null,
      ttlDays: ACCOUNT_CHANGE_TTL_DAYS,
    });
    await this.audit.record(m, {
      action: 'user.account_change_requested',
      actor: actor.user,
      entityType: 'user',
      entityId: input.userId,
      reasonCode: `${input.kind};change:${row.id}`,
      requestId: actor.requestId,
    });
    await this.outbox.write(m, 'account_change.requested', {
      changeId: row.id,
      userId: input.userId,
      organizationId: input.organizationId,
      kind: input.kind,
      requestedBy: actor.user.id,
    });
    return { id: row.id, kind: row.kind, status: row.status };
  }

  /** The pending changes the caller may confirm. */
  async listForConfirmer(actor: Actor): Promise<AccountChangeListDto> {
    const rows = await this.changes.pendingNotConcerning(actor.user.id, 500);
    const items: AccountChangeDto[] = [];
    for (const row of rows) {
      const confirmers = await this.directory.confirmersOf(row.targetUserId, row.requestedBy);
      if (!confirmers.includes(actor.user.id)) continue;
      const target = await this.target(this.dataSource.manager, row.targetUserId);
      items.push(this.toDto(row, target));
    }
    return { items };
  }

  async reject(actor: Actor, id: string): Promise<PendingAccountChangeDto> {
    await this.changes.expireIfDue(id);
    return this.dataSource.transaction(async (m) => {
      const row = await this.decidable(m, actor, id);
      await this.changes.markRejected(m, id, actor.user.id);
      await this.audit.record(m, {
        action: 'user.account_change_rejected',
        actor: actor.user,
        entityType: 'user',
        entityId: row.targetUserId,
        reasonCode: `${row.kind};change:${id}`,
        requestId: actor.requestId,
      });
      return { id, kind: row.kind, status: 'rejected' };
    });
  }

  /** Applies the change. The temporary password, when there is one, is in this answer and nowhere else. */
  async confirm(actor: Actor, id: string): Promise<ConfirmedAccountChangeDto> {
    // Hashed before the transaction (argon2 is slow); used only if the change gives new credentials.
    const temp = temporaryPassword();
    const tempHash = await this.passwords.hash(temp);
    await this.changes.expireIfDue(id);
    return this.dataSource.transaction(async (m) => {
      const row = await this.decidable(m, actor, id);
      const target = await this.target(m, row.targetUserId, true);
      const audit = (action: string, reasonCode: string): Promise<void> =>
        this.audit.record(m, {
          action,
          actor: actor.user,
          entityType: 'user',
          entityId: target.id,
          reasonCode: `${reasonCode};change:${id}`,
          requestId: actor.requestId,
        });
      let newCredentials = false;
      switch (row.kind) {
        case 'reset_password':
          newCredentials = true;
          break;
        case 'reset_mfa':
          await this.credentials.clearSecondFactor(m, target.id);
          await audit(
            'user.mfa_reset',
            `${target.mfaEnabled ? 'was_enabled' : 'was_not_enabled'};sessions_ended:${await this.sessions.revokeAllOf(m, target.id, 'mfa_reset')}`,
          );
          break;
        case 'create_user':
        case 'add_role': {
          const roles = normaliseRoles([...target.roles, ...row.roles], this.roleCatalogue.roles);
          if (isForbiddenCombination(roles, this.roleCatalogue.roles))
            throw new DomainError('ROLE_COMBINATION_FORBIDDEN', { field: 'roles' }, [{ field: 'roles' }]);
          // An account that held no such role until now may have credentials an admin knows: new ones.
          newCredentials = this.caseReading.needingConfirmation(target.roles).length === 0;
          await this.users.setRoles(m, target.id, roles);
          await audit('user.roles_changed', `roles: ${target.roles.join(',')} -> ${roles.join(',')}`);
          await this.outbox.write(m, 'user.roles_changed', {
            userId: target.id,
            organizationIds: [target.organizationId],
            actorId: actor.user.id,
          });
          break;
        }
        case 'change_email': {
          await this.users.setEmail(m, target.id, row.email);
          await audit('user.email_changed', target.email === null ? 'set' : 'changed');
          break;
        }
      }
      if (newCredentials) {
        await this.credentials.setTemporaryPassword(m, target.id, tempHash);
        // A second factor an admin may have set up on the account goes too: she sets up her own.
        if (row.kind !== 'reset_password') await this.credentials.clearSecondFactor(m, target.id);
        await audit(
          'user.password_reset',
          `sessions_ended:${await this.sessions.revokeAllOf(m, target.id, 'password_reset')}`,
        );
      }
      await this.changes.markConfirmed(m, id, actor.user.id);
      await audit('user.account_change_confirmed', row.kind);
      await this.outbox.write(m, 'account_change.confirmed', {
        changeId: id,
        userId: target.id,
        organizationId: target.organizationId,
        kind: row.kind,
      });
      return { id, kind: row.kind, status: 'confirmed', temporaryPassword: newCredentials ? temp : null };
    });
  }

  /** The change, locked, if it is pending and the caller may decide it; else the coded refusal. */
  private async decidable(m: Queryable, actor: Actor, id: string): Promise<AccountChange> {
    const row = await this.changes.lock(m, id);
    if (!row) throw new DomainError('ACCOUNT_CHANGE_NOT_FOUND');
    if (row.requestedBy === actor.user.id || row.targetUserId === actor.user.id)
      throw new DomainError('ACCOUNT_CHANGE_OWN_FORBIDDEN');
    const confirmers = await this.directory.confirmersOf(row.targetUserId, row.requestedBy);
    // Someone who may not decide it does not learn that it exists.
    if (!confirmers.includes(actor.user.id)) throw new DomainError('ACCOUNT_CHANGE_NOT_FOUND');
    // expireIfDue marked a late one already (outside this transaction, which a refusal rolls back).
    if (row.status !== 'pending' || row.expired) throw new DomainError('ACCOUNT_CHANGE_NOT_PENDING');
    return row;
  }

  private async target(m: Queryable, userId: string, lock = false): Promise<UserDetail> {
    const user = await this.users.find(m, userId, { lock });
    if (!user) throw new DomainError('USER_NOT_FOUND');
    return user;
  }

  private toDto(row: AccountChange, target: UserDetail): AccountChangeDto {
    const email = row.kind === 'change_email' ? row.email : row.kind === 'create_user' ? target.email : null;
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      userId: target.id,
      username: target.username,
      displayName: target.displayName,
      organizationId: target.organizationId,
      roles: row.roles,
      email,
      requestedBy: row.requestedBy,
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
    };
  }
}

/** The pending changes an answer reports, for the admin's 202. */
export type PendingChanges = PendingAccountChangeDto[];
