import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../../platform/http';
import type { AuthUser } from '../../../platform/http';
import { AuditService } from '../../audit';
import { PasswordService } from '../password.service';
import { CredentialRepository } from './credential.repository';
import { LockoutService } from './lockout.service';
import { MfaService } from './mfa.service';
import { RefreshTokenRepository } from './refresh-token.repository';
import { SessionRepository } from './session.repository';
import { TokensService } from './tokens.service';
import { csrfMatches } from './web-session';
import '../identity.errors';

/**
 * What the browser needs beyond the body-based routes: ending a session by its refresh cookie (the
 * quick exit's beacon carries no Authorization header), and proving the person at the idle-locked
 * screen is still the session's user without ending the session or opening another.
 */
@Injectable()
export class WebSessionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly sessions: SessionRepository,
    private readonly credentials: CredentialRepository,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
    private readonly passwords: PasswordService,
    private readonly lockout: LockoutService,
    private readonly mfa: MfaService,
  ) {}

  /**
   * Ends the session of a refresh cookie when the page's CSRF token matches it. Any token of the
   * session will do (a spent one too: ending a session is never a gain for whoever holds it).
   */
  async logoutByRefreshToken(refreshToken: string, csrfPresented: string | undefined, requestId: string) {
    await this.dataSource.transaction(async (m) => {
      const of = await this.refreshTokens.sessionOf(m, TokensService.hashRefreshToken(refreshToken));
      if (!of) throw new DomainError('REFRESH_TOKEN_INVALID');
      if (!csrfMatches(csrfPresented, this.tokens.csrfToken(of.sessionId))) {
        throw new DomainError('CSRF_TOKEN_INVALID');
      }
      const ended = await this.sessions.revoke(m, of.sessionId, 'logout');
      await this.audit.record(m, {
        action: 'auth.logout',
        actor: { id: of.userId, roles: of.roles, organizationId: of.organizationId },
        entityType: 'session',
        entityId: of.sessionId,
        reasonCode: ended ? 'refresh_cookie' : 'refresh_cookie:already_ended',
        requestId,
      });
    });
  }

  /**
   * The idle lock's check: the password (and the TOTP code when she has the second factor) of the
   * session's own user. A wrong one counts towards this session's guesses like a wrong current password
   * (LockoutService.wrongCurrentPassword: a few end the session), never towards the account lockout.
   */
  async reauthenticate(user: AuthUser, password: string, totp: string | undefined, requestId: string) {
    const own = await this.credentials.find(this.dataSource.manager, { id: user.id });
    if (!own) throw new DomainError('UNAUTHENTICATED');
    if (!(await this.passwords.verify(own.passwordHash, password))) {
      await this.lockout.wrongCurrentPassword(user, requestId);
      throw new DomainError('CURRENT_PASSWORD_INCORRECT', { field: 'password' }, [{ field: 'password' }]);
    }
    if (own.mfaEnabled && !(totp && (await this.mfa.acceptCode(own, totp)))) {
      await this.lockout.wrongCurrentPassword(user, requestId);
      throw new DomainError('MFA_CODE_INVALID', { field: 'totp' }, [{ field: 'totp' }]);
    }
    await this.dataSource.transaction(async (m) => {
      await this.sessions.touch(m, user.sessionId);
      await this.audit.record(m, {
        action: 'auth.reauthenticated',
        actor: user,
        entityType: 'session',
        entityId: user.sessionId,
        reasonCode: own.mfaEnabled ? 'password_and_totp' : 'password',
        requestId,
      });
    });
  }
}
