import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CryptoService } from '../../../platform/crypto';
import { DomainError } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import { OutboxService } from '../../../platform/outbox';
import { AuditService } from '../../audit';
import { SessionsService } from '../auth/sessions.service';
import { CaseReadingRoles } from '../case-reading';
import { isForbiddenCombination, normaliseRoles } from '../domain/roles';
import { IdentityDirectoryService } from '../identity-directory.service';
import { PENDING_EMAIL_CONTEXT, USER_EMAIL_CONTEXT } from '../identity.crypto';
import { PasswordService } from '../password.service';
import { RoleCatalogue } from '../role-catalogue';
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

interface ChangeRow {
  id: string;
  kind: AccountChangeKind;
  status: string;
  target_user_id: string;
  requested_by: string;
  roles: string[];
  email_enc: string | null;
  created_at: Date;
  expires_at: Date;
  expired: boolean;
}

interface TargetRow {
  id: string;
  username: string;
  display_name: string;
  roles: string[];
  organization_id: string;
  email_enc: string | null;
  mfa_enabled: boolean;
}

const CHANGE_COLUMNS = `id, kind, status, target_user_id, requested_by, roles, email_enc, created_at, expires_at,
  expires_at <= now() AS expired`;

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
    private readonly directory: IdentityDirectoryService,
    private readonly caseReading: CaseReadingRoles,
    private readonly roleCatalogue: RoleCatalogue,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly crypto: CryptoService,
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
    await m.query(
      `UPDATE account_changes SET status = 'expired'
        WHERE target_user_id = $1 AND status = 'pending' AND expires_at <= now()`,
      [input.userId],
    );
    const [row] = await m.query<{ id: string; kind: string; status: string }[]>(
      `INSERT INTO account_changes (kind, target_user_id, requested_by, roles, email_enc, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6))
       ON CONFLICT (target_user_id, kind) WHERE status = 'pending' DO UPDATE
         SET roles = ARRAY(SELECT DISTINCT unnest(account_changes.roles || EXCLUDED.roles)),
             email_enc = COALESCE(EXCLUDED.email_enc, account_changes.email_enc),
             requested_by = EXCLUDED.requested_by
       RETURNING id, kind, status`,
      [
        input.kind,
        input.userId,
        actor.user.id,
        input.roles ?? [],
        this.crypto.encryptOptional(input.email, PENDING_EMAIL_CONTEXT),
        ACCOUNT_CHANGE_TTL_DAYS,
      ],
    );
    if (!row) throw new Error('account change insert returned nothing');
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
    const rows = await this.dataSource.query<ChangeRow[]>(
      `SELECT ${CHANGE_COLUMNS} FROM account_changes
        WHERE status = 'pending' AND expires_at > now() AND requested_by <> $1 AND target_user_id <> $1
        ORDER BY created_at, id LIMIT 500`,
      [actor.user.id],
    );
    const items: AccountChangeDto[] = [];
    for (const row of rows) {
      const confirmers = await this.directory.confirmersOf(row.target_user_id, row.requested_by);
      if (!confirmers.includes(actor.user.id)) continue;
      const target = await this.target(this.dataSource.manager, row.target_user_id);
      items.push(this.toDto(row, target));
    }
    return { items };
  }

  async reject(actor: Actor, id: string): Promise<PendingAccountChangeDto> {
    await this.expireIfDue(id);
    return this.dataSource.transaction(async (m) => {
      const row = await this.decidable(m, actor, id);
      await m.query(
        `UPDATE account_changes SET status = 'rejected', decided_by = $2, decided_at = now() WHERE id = $1`,
        [id, actor.user.id],
      );
      await this.audit.record(m, {
        action: 'user.account_change_rejected',
        actor: actor.user,
        entityType: 'user',
        entityId: row.target_user_id,
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
    await this.expireIfDue(id);
    return this.dataSource.transaction(async (m) => {
      const row = await this.decidable(m, actor, id);
      const target = await this.target(m, row.target_user_id, true);
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
          await this.clearSecondFactor(m, target.id);
          await audit(
            'user.mfa_reset',
            `${target.mfa_enabled ? 'was_enabled' : 'was_not_enabled'};sessions_ended:${await this.endSessions(m, target.id, 'mfa_reset')}`,
          );
          break;
        case 'create_user':
        case 'add_role': {
          const roles = normaliseRoles([...target.roles, ...row.roles], this.roleCatalogue.roles);
          if (isForbiddenCombination(roles, this.roleCatalogue.roles))
            throw new DomainError('ROLE_COMBINATION_FORBIDDEN', { field: 'roles' }, [{ field: 'roles' }]);
          // An account that held no such role until now may have credentials an admin knows: new ones.
          newCredentials = this.caseReading.needingConfirmation(target.roles).length === 0;
          await m.query(
            `UPDATE users SET roles = $2, updated_at = now(), version = version + 1 WHERE id = $1`,
            [target.id, roles],
          );
          await audit('user.roles_changed', `roles: ${target.roles.join(',')} -> ${roles.join(',')}`);
          await this.outbox.write(m, 'user.roles_changed', {
            userId: target.id,
            organizationIds: [target.organization_id],
            actorId: actor.user.id,
          });
          break;
        }
        case 'change_email': {
          const email = this.crypto.decryptOptional(row.email_enc, PENDING_EMAIL_CONTEXT);
          await m.query(
            `UPDATE users SET email_enc = $2, updated_at = now(), version = version + 1 WHERE id = $1`,
            [target.id, this.crypto.encryptOptional(email, USER_EMAIL_CONTEXT)],
          );
          await audit('user.email_changed', target.email_enc === null ? 'set' : 'changed');
          break;
        }
      }
      if (newCredentials) {
        await m.query(
          `UPDATE users SET password_hash = $2, password_changed_at = now(), password_change_required = true,
                  failed_logins = 0, locked_until = NULL, updated_at = now(), version = version + 1
            WHERE id = $1`,
          [target.id, tempHash],
        );
        // A second factor an admin may have set up on the account goes too: she sets up her own.
        if (row.kind !== 'reset_password') await this.clearSecondFactor(m, target.id);
        await audit(
          'user.password_reset',
          `sessions_ended:${await this.endSessions(m, target.id, 'password_reset')}`,
        );
      }
      await m.query(
        `UPDATE account_changes SET status = 'confirmed', decided_by = $2, decided_at = now(), email_enc = NULL
          WHERE id = $1`,
        [id, actor.user.id],
      );
      await audit('user.account_change_confirmed', row.kind);
      await this.outbox.write(m, 'account_change.confirmed', {
        changeId: id,
        userId: target.id,
        organizationId: target.organization_id,
        kind: row.kind,
      });
      return { id, kind: row.kind, status: 'confirmed', temporaryPassword: newCredentials ? temp : null };
    });
  }

  private async expireIfDue(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE account_changes SET status = 'expired'
        WHERE id = $1 AND status = 'pending' AND expires_at <= now()`,
      [id],
    );
  }

  /** The change, locked, if it is pending and the caller may decide it; else the coded refusal. */
  private async decidable(m: EntityManager, actor: Actor, id: string): Promise<ChangeRow> {
    const [row] = await m.query<ChangeRow[]>(
      `SELECT ${CHANGE_COLUMNS} FROM account_changes WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) throw new DomainError('ACCOUNT_CHANGE_NOT_FOUND');
    if (row.requested_by === actor.user.id || row.target_user_id === actor.user.id)
      throw new DomainError('ACCOUNT_CHANGE_OWN_FORBIDDEN');
    const confirmers = await this.directory.confirmersOf(row.target_user_id, row.requested_by);
    // Someone who may not decide it does not learn that it exists.
    if (!confirmers.includes(actor.user.id)) throw new DomainError('ACCOUNT_CHANGE_NOT_FOUND');
    // expireIfDue marked a late one already (outside this transaction, which a refusal rolls back).
    if (row.status !== 'pending' || row.expired) throw new DomainError('ACCOUNT_CHANGE_NOT_PENDING');
    return row;
  }

  private async target(m: EntityManager, userId: string, lock = false): Promise<TargetRow> {
    const [row] = await m.query<TargetRow[]>(
      `SELECT id, username, display_name, roles, organization_id, email_enc, mfa_enabled FROM users WHERE id = $1
        ${lock ? 'FOR UPDATE' : ''}`,
      [userId],
    );
    if (!row) throw new DomainError('USER_NOT_FOUND');
    return row;
  }

  private async clearSecondFactor(m: EntityManager, userId: string): Promise<void> {
    await m.query(
      `UPDATE users SET mfa_enabled = false, mfa_secret_enc = NULL, mfa_pending_secret_enc = NULL,
              mfa_last_step = NULL, updated_at = now(), version = version + 1
        WHERE id = $1`,
      [userId],
    );
  }

  private endSessions(
    m: EntityManager,
    userId: string,
    reason: 'password_reset' | 'mfa_reset',
  ): Promise<number> {
    return this.sessions.revokeAllOf(m, userId, reason);
  }

  private toDto(row: ChangeRow, target: TargetRow): AccountChangeDto {
    const email =
      row.kind === 'change_email'
        ? this.crypto.decryptOptional(row.email_enc, PENDING_EMAIL_CONTEXT)
        : row.kind === 'create_user'
          ? this.crypto.decryptOptional(target.email_enc, USER_EMAIL_CONTEXT)
          : null;
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      userId: target.id,
      username: target.username,
      displayName: target.display_name,
      organizationId: target.organization_id,
      roles: row.roles,
      email,
      requestedBy: row.requested_by,
      createdAt: row.created_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
    };
  }
}

/** The pending changes an answer reports, for the admin's 202. */
export type PendingChanges = PendingAccountChangeDto[];
