import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, DomainError, Page, pageOf } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import { AccountChangesService } from '../account-changes/account-changes.service';
import { PendingAccountChangeDto } from '../account-changes/account-changes.dto';
import { ResetPasswordDto, UserDetailDto, UserDto, UserListQueryDto } from '../dto/user.dto';
import { UserRepository } from './user.repository';
import '../identity.errors';

/**
 * Users (admin): the list, one user with the work e-mail (decrypted on single reads only), and the
 * resets an admin asks for and a supervisor confirms (AccountChangesService). Making and changing
 * accounts: UserCreationService, UserUpdateService.
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly accountChanges: AccountChangesService,
  ) {}

  async list(query: UserListQueryDto): Promise<Page<UserDto>> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
    const rows = await this.users.pageByCreation(
      { organizationId: query.organizationId, role: query.role },
      after,
      limit + 1,
    );
    return pageOf(
      rows,
      limit,
      (u) => [u.createdAtText, u.id],
      ({ createdAtText: _, ...user }) => user,
    );
  }

  async get(id: string): Promise<UserDetailDto> {
    const user = await this.users.find(this.dataSource.manager, id);
    if (!user) throw new DomainError('USER_NOT_FOUND');
    return user;
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

  private requestFor(
    actor: Actor,
    id: string,
    kind: 'reset_password' | 'reset_mfa',
  ): Promise<PendingAccountChangeDto> {
    return this.dataSource.transaction(async (m) => {
      const organizationId = await this.users.lockOrganizationOf(m, id);
      if (organizationId === undefined) throw new DomainError('USER_NOT_FOUND');
      return this.accountChanges.request(m, actor, { kind, userId: id, organizationId });
    });
  }
}
