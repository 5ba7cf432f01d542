import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CryptoService } from '../../../platform/crypto';
import { DomainError } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import { IdempotencyService, IdempotentCommand } from '../../../platform/idempotency';
import { AuditService } from '../../audit';
import { AccountChangesService } from '../account-changes/account-changes.service';
import { PendingAccountChangeDto, UserWithPendingChangesDto } from '../account-changes/account-changes.dto';
import { CaseReadingRoles } from '../case-reading';
import { CreateUserDto, UserDto } from '../dto/user.dto';
import { OrganizationRepository } from '../organizations/organization.repository';
import { PasswordService } from '../password.service';
import { RoleCatalogue } from '../role-catalogue';
import { UserRepository } from './user.repository';
import { assertOrganizationExists, checkRoles } from './user-rules';
import '../identity.errors';

const usernameTaken = (): DomainError =>
  new DomainError('USERNAME_TAKEN', { field: 'username' }, [{ field: 'username' }]);

/**
 * Making an account (docs/DESIGN.md §1 and §7): by an admin (POST /users) or by the create-admin
 * command. Admin and auditor never combine with a role that reads cases. A case-reading role, or admin,
 * given by an admin waits for a supervisor's confirmation (issue 12, Security 1): the account is made
 * without it. The work e-mail is kept encrypted and its setting audited without the address; passwords
 * and e-mails never reach a log, an error, an event or the idempotency store.
 */
@Injectable()
export class UserCreationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly organizations: OrganizationRepository,
    private readonly passwords: PasswordService,
    private readonly roleCatalogue: RoleCatalogue,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly crypto: CryptoService,
    private readonly accountChanges: AccountChangesService,
    private readonly caseReading: CaseReadingRoles,
  ) {}

  /** An admin's new account: 202 with pendingChanges when a role waits for confirmation. */
  async create(actor: Actor, dto: CreateUserDto, cmd: IdempotentCommand): Promise<UserWithPendingChangesDto> {
    const requested = checkRoles(this.roleCatalogue, dto.roles);
    // Case-reading roles and admin wait for a supervisor's confirmation: the account is made without
    // them, and gets them, with a temporary password of its own, when confirmed.
    const guarded = this.caseReading.needingConfirmation(requested);
    const roles = requested.filter((r) => !guarded.includes(r));
    this.passwords.assertAcceptable(dto.password, dto.username);
    const email = dto.email ?? null;
    // Hashed before the transaction: argon2 takes a while and needs no lock.
    const passwordHash = await this.passwords.hash(dto.password);
    const command: IdempotentCommand = {
      ...cmd,
      // The password enters the request hash only as a keyed MAC: nothing crackable is stored. So does
      // the e-mail: a replay has the same one, and the stored answer leaves it out.
      body: {
        username: dto.username,
        displayName: dto.displayName,
        roles: dto.roles,
        organizationId: dto.organizationId,
        password: this.crypto.blindIndex('text', dto.password),
        ...(email === null ? {} : { email: this.crypto.blindIndex('text', email) }),
      },
    };
    const created = await this.dataSource.transaction((m) =>
      this.idempotency.command(
        m,
        command,
        async (): Promise<UserDto & { pendingChanges?: PendingAccountChangeDto[] }> => {
          await assertOrganizationExists(this.organizations, m, dto.organizationId);
          const user = await this.users.insert(m, {
            username: dto.username,
            displayName: dto.displayName,
            roles,
            organizationId: dto.organizationId,
            passwordHash,
            email,
          });
          if (!user) throw usernameTaken();
          await this.audit.record(m, {
            action: 'user.created',
            actor: actor.user,
            entityType: 'user',
            entityId: user.id,
            reasonCode: roles.join(','),
            requestId: actor.requestId,
          });
          if (email !== null) {
            await this.audit.record(m, {
              action: 'user.email_changed',
              actor: actor.user,
              entityType: 'user',
              entityId: user.id,
              reasonCode: 'set',
              requestId: actor.requestId,
            });
          }
          if (guarded.length === 0) return user;
          const pending = await this.accountChanges.request(m, actor, {
            kind: 'create_user',
            userId: user.id,
            organizationId: user.organizationId,
            roles: guarded,
          });
          return Object.assign(user, { pendingChanges: [pending] });
        },
      ),
    );
    return Object.assign(created, { email });
  }

  /** The checks of a new user that need no database: roles and password policy. */
  assertAcceptable(input: { username: string; password: string; roles: string[] }): void {
    checkRoles(this.roleCatalogue, input.roles);
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
    const roles = checkRoles(this.roleCatalogue, input.roles);
    this.passwords.assertAcceptable(input.password, input.username);
    const passwordHash = await this.passwords.hash(input.password);
    return this.dataSource.transaction(async (m) => {
      await assertOrganizationExists(this.organizations, m, input.organizationId);
      const user = await this.users.insert(m, {
        username: input.username,
        displayName: input.displayName,
        roles,
        organizationId: input.organizationId,
        passwordHash,
        email: null,
      });
      if (!user) throw usernameTaken();
      await this.audit.record(m, {
        action: 'user.created',
        actor: null,
        entityType: 'user',
        entityId: user.id,
        reasonCode: `cli:${roles.join(',')}`,
      });
      return user;
    });
  }
}
