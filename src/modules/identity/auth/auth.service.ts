import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ENV, Env, mfaRequired } from '../../../platform/config';
import { DomainError } from '../../../platform/http';
import type { AuthUser } from '../../../platform/http';
import { AuditService } from '../../audit';
import { needsSecondFactor } from '../domain/roles';
import { PasswordService } from '../password.service';
import { RoleCatalogue } from '../role-catalogue';
import { CredentialRepository } from './credential.repository';
import { LockoutService } from './lockout.service';
import { SessionRepository } from './session.repository';
import '../identity.errors';

/**
 * The signed-in user's own session and password: logout, changing the password, and whether she must
 * use the second factor. Signing in: SignInService; refreshing: TokenRefreshService.
 */
@Injectable()
export class AuthService {
  constructor(
    @Inject(ENV) private readonly env: Env,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly credentials: CredentialRepository,
    private readonly sessions: SessionRepository,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly roles: RoleCatalogue,
    private readonly lockout: LockoutService,
  ) {}

  /** Ends the caller's session: its access and refresh tokens stop working at once. */
  async logout(user: AuthUser, requestId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.sessions.revoke(m, user.sessionId, 'logout');
      await this.audit.record(m, {
        action: 'auth.logout',
        actor: user,
        entityType: 'session',
        entityId: user.sessionId,
        requestId,
      });
    });
  }

  /**
   * The signed-in user changes their own password (ASVS 6.2.2, 6.2.3): the current one must be given; a
   * wrong one does not count towards the account lockout but ends this session after a few (see
   * LockoutService.wrongCurrentPassword). Every other session of theirs ends (7.4.3).
   */
  async changePassword(
    user: AuthUser,
    currentPassword: string,
    newPassword: string,
    requestId: string,
  ): Promise<void> {
    const own = await this.credentials.find(this.dataSource.manager, { id: user.id });
    if (!own) throw new DomainError('UNAUTHENTICATED');
    if (!(await this.passwords.verify(own.passwordHash, currentPassword))) {
      await this.lockout.wrongCurrentPassword(user, requestId);
      throw new DomainError('CURRENT_PASSWORD_INCORRECT', { field: 'currentPassword' }, [
        { field: 'currentPassword' },
      ]);
    }
    if (currentPassword === newPassword) {
      throw new DomainError('PASSWORD_UNCHANGED', { field: 'newPassword' }, [{ field: 'newPassword' }]);
    }
    this.passwords.assertAcceptable(newPassword, own.username, 'newPassword');
    const hash = await this.passwords.hash(newPassword);
    await this.dataSource.transaction(async (m) => {
      await this.credentials.setOwnPassword(m, user.id, hash);
      const ended = await this.sessions.revokeOthersOf(m, user.id, user.sessionId, 'password_changed');
      await this.audit.record(m, {
        action: 'user.password_changed',
        actor: user,
        entityType: 'user',
        entityId: user.id,
        reasonCode: `other_sessions_ended:${ended}`,
        requestId,
      });
    });
  }

  /** Whether this user must present the second factor (AUTH_MFA_REQUIRED and a role that needs it). */
  mustUseSecondFactor(roles: readonly string[]): boolean {
    return mfaRequired(this.env) && needsSecondFactor(roles, this.roles.roles);
  }
}
