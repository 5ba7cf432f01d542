import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CryptoService } from '../../../platform/crypto';
import { DomainError } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import { IdempotencyService } from '../../../platform/idempotency';
import { OutboxService } from '../../../platform/outbox';
import { AuditService } from '../../audit';
import { AccountChangesService } from '../account-changes/account-changes.service';
import { PendingAccountChangeDto, UserWithPendingChangesDto } from '../account-changes/account-changes.dto';
import { SessionsService } from '../auth/sessions.service';
import { CaseReadingRoles } from '../case-reading';
import { decodeCursor, encodeCursor } from '../../../platform/http';
import { ADMIN_ROLE, isForbiddenCombination, normaliseRoles, unknownRoles } from '../domain/roles';
import {
  CreateUserDto,
  ResetPasswordDto,
  UpdateUserDto,
  UserDetailDto,
  UserDto,
  UserListDto,
  UserListQueryDto,
} from '../dto/user.dto';
import { USER_EMAIL_CONTEXT } from '../identity.crypto';
import { PasswordService } from '../password.service';
import { RoleCatalogue } from '../role-catalogue';
import { updateReturning } from '../sql';
import '../identity.errors';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  roles: string[];
  organization_id: string;
  disabled: boolean;
  mfa_enabled: boolean;
  version: number;
  created_at_text?: string;
}

interface UserDetailRow extends UserRow {
  email_enc: string | null;
}

const USER_COLUMNS = `id, username, display_name, roles, organization_id, disabled, mfa_enabled, version`;
/** One user's columns: the list's and the encrypted e-mail (decrypted for single reads only). */
const USER_DETAIL_COLUMNS = `${USER_COLUMNS}, email_enc`;

const toDto = (r: UserRow): UserDto => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  roles: r.roles,
  organizationId: r.organization_id,
  disabled: r.disabled,
  mfaEnabled: r.mfa_enabled,
  version: r.version,
});

const toDetailDto = (r: UserRow, email: string | null): UserDetailDto => Object.assign(toDto(r), { email });

type EmailChange = 'set' | 'changed' | 'cleared';

/**
 * What a requested e-mail does to the stored one: undefined leaves it, null clears it, a string sets it;
 * the same address again is no change. The kind of change is what the audit row records, never the address.
 */
function emailChangeOf(requested: string | null | undefined, before: string | null): EmailChange | undefined {
  if (requested === undefined || requested === before) return undefined;
  if (requested === null) return 'cleared';
  return before === null ? 'set' : 'changed';
}

/**
 * Users (admin): create, list, read, change roles, organisation, name or state, reset passwords. The
 * rules of docs/DESIGN.md §1 and §7 hold here: admin and auditor never combine with a role that reads cases;
 * an admin never changes their own roles or organisation; every role or organisation change is audited
 * and told to the organisations' supervisors (outbox user.roles_changed); disabling ends every session
 * at once (outbox user.disabled). The work e-mail is kept encrypted (users.email_enc), read back on
 * single reads only, and its changes are audited without the address. An admin resets another user's
 * second factor (a lost phone), never their own. Display names, e-mails and passwords never reach a log,
 * an error, an event or the idempotency store.
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly roleCatalogue: RoleCatalogue,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly idempotency: IdempotencyService,
    private readonly crypto: CryptoService,
    private readonly accountChanges: AccountChangesService,
    private readonly caseReading: CaseReadingRoles,
  ) {}

  async create(
    actor: Actor,
    dto: CreateUserDto,
    idempotencyKey: string | undefined,
  ): Promise<{ statusCode: number; body: UserWithPendingChangesDto }> {
    const requested = this.checkRoles(dto.roles);
    // Case-reading roles and admin wait for a supervisor's confirmation (issue 12, Security 1): the
    // account is made without them, and gets them, with a temporary password of its own, when confirmed.
    const guarded = this.caseReading.needingConfirmation(requested);
    const roles = requested.filter((r) => !guarded.includes(r));
    this.passwords.assertAcceptable(dto.password, dto.username);
    const email = dto.email ?? null;
    // Hashed before the transaction: argon2 takes a while and needs no lock.
    const passwordHash = await this.passwords.hash(dto.password);
    const created = await this.dataSource.transaction(async (m) => {
      const result = await this.idempotency.run(
        m,
        {
          scope: actor.user.id,
          route: 'POST /api/v1/users',
          key: idempotencyKey,
          // The password enters the request hash only as a keyed MAC: nothing crackable is stored.
          body: {
            username: dto.username,
            displayName: dto.displayName,
            roles: dto.roles,
            organizationId: dto.organizationId,
            password: this.crypto.blindIndex('text', dto.password),
            // So is the e-mail: a replay has the same one, and the stored answer leaves it out.
            ...(email === null ? {} : { email: this.crypto.blindIndex('text', email) }),
          },
        },
        async () => {
          await this.assertOrganizationExists(m, dto.organizationId);
          const inserted = await m.query<UserRow[]>(
            `INSERT INTO users (username, display_name, roles, organization_id, password_hash, email_enc)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (username) DO NOTHING
             RETURNING ${USER_COLUMNS}`,
            [
              dto.username,
              dto.displayName,
              roles,
              dto.organizationId,
              passwordHash,
              this.crypto.encryptOptional(email, USER_EMAIL_CONTEXT),
            ],
          );
          const row = inserted[0];
          if (!row) throw new DomainError('USERNAME_TAKEN', { field: 'username' }, [{ field: 'username' }]);
          await this.audit.record(m, {
            action: 'user.created',
            actor: actor.user,
            entityType: 'user',
            entityId: row.id,
            reasonCode: roles.join(','),
            requestId: actor.requestId,
          });
          if (email !== null) {
            await this.audit.record(m, {
              action: 'user.email_changed',
              actor: actor.user,
              entityType: 'user',
              entityId: row.id,
              reasonCode: 'set',
              requestId: actor.requestId,
            });
          }
          if (guarded.length > 0) {
            const pending = await this.accountChanges.request(m, actor, {
              kind: 'create_user',
              userId: row.id,
              organizationId: row.organization_id,
              roles: guarded,
            });
            return { statusCode: 202, body: Object.assign(toDto(row), { pendingChanges: [pending] }) };
          }
          // Without the e-mail: this answer is kept in the clear in idempotency_keys for a replay.
          const body: UserDto & { pendingChanges?: PendingAccountChangeDto[] } = toDto(row);
          return { statusCode: 201, body };
        },
      );
      return { statusCode: result.statusCode, body: result.body };
    });
    return { statusCode: created.statusCode, body: Object.assign(created.body, { email }) };
  }

  async list(query: UserListQueryDto): Promise<UserListDto> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2);
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.organizationId) {
      params.push(query.organizationId);
      where.push(`organization_id = $${params.length}`);
    }
    if (query.role) {
      params.push(query.role);
      where.push(`$${params.length} = ANY(roles)`);
    }
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(created_at, id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query<UserRow[]>(
      `SELECT ${USER_COLUMNS}, created_at::text AS created_at_text FROM users
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at, id LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toDto),
      nextCursor:
        rows.length > limit && last?.created_at_text ? encodeCursor([last.created_at_text, last.id]) : null,
    };
  }

  async get(id: string): Promise<UserDetailDto> {
    const [row] = await this.dataSource.query<UserDetailRow[]>(
      `SELECT ${USER_DETAIL_COLUMNS} FROM users WHERE id = $1`,
      [id],
    );
    if (!row) throw new DomainError('USER_NOT_FOUND');
    return this.toDetail(row);
  }

  async update(
    actor: Actor,
    id: string,
    dto: UpdateUserDto,
  ): Promise<{ statusCode: number; body: UserWithPendingChangesDto }> {
    const requestedRoles = dto.roles === undefined ? undefined : this.checkRoles(dto.roles);
    return this.dataSource.transaction(async (m) => {
      const [before] = await m.query<UserDetailRow[]>(
        `SELECT ${USER_DETAIL_COLUMNS} FROM users WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!before) throw new DomainError('USER_NOT_FOUND');
      if (dto.version !== undefined && dto.version !== before.version)
        throw new DomainError('VERSION_CONFLICT');

      // A case-reading (or admin) role the user does not hold yet waits for confirmation; the rest applies now.
      const guardedRoles = this.caseReading
        .needingConfirmation(requestedRoles ?? [])
        .filter((r) => !before.roles.includes(r));
      const newRoles = requestedRoles?.filter((r) => !guardedRoles.includes(r));
      const rolesChange = newRoles !== undefined && !sameSet(newRoles, before.roles);
      const orgChange = dto.organizationId !== undefined && dto.organizationId !== before.organization_id;
      const self = actor.user.id === id;
      if (self && (rolesChange || orgChange)) throw new DomainError('SELF_ROLE_CHANGE_FORBIDDEN');
      if (self && dto.disabled === true) throw new DomainError('SELF_DISABLE_FORBIDDEN');
      if (orgChange && dto.organizationId) await this.assertOrganizationExists(m, dto.organizationId);
      const disabling = dto.disabled === true && !before.disabled;
      const enabling = dto.disabled === false && before.disabled;
      const renaming = dto.displayName !== undefined && dto.displayName !== before.display_name;
      const emailBefore = this.crypto.decryptOptional(before.email_enc, USER_EMAIL_CONTEXT);
      const requestedEmailChange = emailChangeOf(dto.email, emailBefore);
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
            organizationId: before.organization_id,
            roles: guardedRoles,
          }),
        );
      }
      if (emailGuarded && typeof dto.email === 'string') {
        pendingChanges.push(
          await this.accountChanges.request(m, actor, {
            kind: 'change_email',
            userId: id,
            organizationId: before.organization_id,
            email: dto.email,
          }),
        );
      }
      const answer = (body: UserDetailDto): { statusCode: number; body: UserWithPendingChangesDto } =>
        pendingChanges.length > 0
          ? { statusCode: 202, body: Object.assign(body, { pendingChanges }) }
          : { statusCode: 200, body };
      if (!rolesChange && !orgChange && !disabling && !enabling && !renaming && !emailChange)
        return answer(toDetailDto(before, emailBefore));

      const roles = rolesChange ? newRoles : before.roles;
      const organizationId = orgChange && dto.organizationId ? dto.organizationId : before.organization_id;
      const stillDisabled = disabling || (before.disabled && !enabling);
      const emailEnc = emailChange
        ? this.crypto.encryptOptional(dto.email, USER_EMAIL_CONTEXT)
        : before.email_enc;
      const [after] = await updateReturning<UserDetailRow>(
        m,
        `UPDATE users SET display_name = $2, roles = $3, organization_id = $4, disabled = $5,
                disabled_at = CASE WHEN $5::boolean THEN COALESCE(disabled_at, now()) ELSE NULL END,
                email_enc = $6, updated_at = now(), version = version + 1
          WHERE id = $1 RETURNING ${USER_DETAIL_COLUMNS}`,
        [
          id,
          renaming ? dto.displayName : before.display_name,
          roles,
          organizationId,
          stillDisabled,
          emailEnc,
        ],
      );
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
          orgChange ? `organization: ${before.organization_id} -> ${organizationId}` : undefined,
        ].filter((x) => x !== undefined);
        await audit(
          'user.roles_changed',
          rolesChange && orgChange ? 'roles_and_organization' : rolesChange ? 'roles' : 'organization',
          detail.join('; '),
        );
        await this.outbox.write(m, 'user.roles_changed', {
          userId: id,
          organizationIds: [...new Set([before.organization_id, organizationId])],
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
      return answer(this.toDetail(after));
    });
  }

  /**
   * Asks for a password reset (issue 12, Security 1): never a password the admin chooses. A confirmer
   * (AccountChangesService) makes a temporary one, shown to them once to hand over in person; her
   * sessions end and she sets her own at her next sign-in. The same for every account: an admin who
   * could set another admin's password could also confirm her own requests as that admin.
   */
  async resetPassword(actor: Actor, id: string, dto: ResetPasswordDto): Promise<PendingAccountChangeDto> {
    if (dto.password !== undefined)
      throw new DomainError('PASSWORD_SET_BY_USER_ONLY', { field: 'password' }, [{ field: 'password' }]);
    return this.requestFor(actor, id, 'reset_password');
  }

  /**
   * Asks for the second factor to be taken away (a lost phone); it happens when a confirmer agrees:
   * then the secret goes, every session ends, and she sets it up again. Never one's own: a stolen admin
   * session must not be able to strip its own second factor.
   */
  async resetMfa(actor: Actor, id: string): Promise<PendingAccountChangeDto> {
    if (actor.user.id === id) throw new DomainError('SELF_MFA_RESET_FORBIDDEN');
    return this.requestFor(actor, id, 'reset_mfa');
  }

  private async requestFor(
    actor: Actor,
    id: string,
    kind: 'reset_password' | 'reset_mfa',
  ): Promise<PendingAccountChangeDto> {
    return this.dataSource.transaction(async (m) => {
      const [target] = await m.query<{ organization_id: string }[]>(
        `SELECT organization_id FROM users WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!target) throw new DomainError('USER_NOT_FOUND');
      return this.accountChanges.request(m, actor, {
        kind,
        userId: id,
        organizationId: target.organization_id,
      });
    });
  }

  private toDetail(row: UserDetailRow): UserDetailDto {
    return toDetailDto(row, this.crypto.decryptOptional(row.email_enc, USER_EMAIL_CONTEXT));
  }

  /** Known roles, allowed together, each once in catalogue order; else the coded refusal. */
  private checkRoles(roles: string[]): string[] {
    const catalogue = this.roleCatalogue.roles;
    if (unknownRoles(roles, catalogue).length > 0) {
      throw new DomainError(
        'UNKNOWN_ROLE',
        { field: 'roles', allowed: this.roleCatalogue.keys().join(', ') },
        [{ field: 'roles' }],
      );
    }
    if (isForbiddenCombination(roles, catalogue)) {
      throw new DomainError('ROLE_COMBINATION_FORBIDDEN', { field: 'roles' }, [{ field: 'roles' }]);
    }
    return normaliseRoles(roles, catalogue);
  }

  private async assertOrganizationExists(m: EntityManager, organizationId: string): Promise<void> {
    const [org] = await m.query<{ id: string }[]>(`SELECT id FROM organizations WHERE id = $1`, [
      organizationId,
    ]);
    if (!org)
      throw new DomainError('UNKNOWN_ORGANIZATION', { field: 'organizationId' }, [
        { field: 'organizationId' },
      ]);
  }

  /** For the create-admin command: whether any enabled admin exists. */
  async enabledAdminExists(): Promise<boolean> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM users WHERE $1 = ANY(roles) AND NOT disabled`,
      [ADMIN_ROLE],
    );
    return (row?.n ?? 0) > 0;
  }

  /** The checks of a new user that need no database: roles and password policy. */
  assertAcceptable(input: { username: string; password: string; roles: string[] }): void {
    this.checkRoles(input.roles);
    this.passwords.assertAcceptable(input.password, input.username);
  }

  /** Creates a user outside any request (the create-admin command): same rules, audited as the system. */
  async createBySystem(input: {
    username: string;
    displayName: string;
    password: string;
    roles: string[];
    organizationId: string;
  }): Promise<UserDto> {
    const roles = this.checkRoles(input.roles);
    this.passwords.assertAcceptable(input.password, input.username);
    const passwordHash = await this.passwords.hash(input.password);
    return this.dataSource.transaction(async (m) => {
      await this.assertOrganizationExists(m, input.organizationId);
      const [row] = await m.query<UserRow[]>(
        `INSERT INTO users (username, display_name, roles, organization_id, password_hash)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING ${USER_COLUMNS}`,
        [input.username, input.displayName, roles, input.organizationId, passwordHash],
      );
      if (!row) throw new DomainError('USERNAME_TAKEN', { field: 'username' }, [{ field: 'username' }]);
      await this.audit.record(m, {
        action: 'user.created',
        actor: null,
        entityType: 'user',
        entityId: row.id,
        reasonCode: `cli:${roles.join(',')}`,
      });
      return toDto(row);
    });
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
