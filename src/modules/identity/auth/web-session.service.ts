import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../../platform/http';
import type { AuthUser } from '../../../platform/http';
import { AuditService } from '../../audit';
import { PasswordService } from '../password.service';
import { AuthService } from './auth.service';
import { LockoutService } from './lockout.service';
import { SessionsService } from './sessions.service';
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
    private readonly tokens: TokensService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly passwords: PasswordService,
    private readonly lockout: LockoutService,
    private readonly auth: AuthService,
  ) {}

  /**
   * Ends the session of a refresh cookie when the page's CSRF token matches it. Any token of the
   * session will do (a spent one too: ending a session is never a gain for whoever holds it).
   */
  async logoutByRefreshToken(refreshToken: string, csrfPresented: string | undefined, requestId: string) {
    await this.dataSource.transaction(async (m) => {
      const [row] = await m.query<{ session_id: string; user_id: string; roles: string[]; org: string }[]>(
        `SELECT s.id AS session_id, u.id AS user_id, u.roles, u.organization_id AS org
           FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id JOIN users u ON u.id = s.user_id
          WHERE rt.token_hash = $1`,
        [TokensService.hashRefreshToken(refreshToken)],
      );
      if (!row) throw new DomainError('REFRESH_TOKEN_INVALID');
      if (!csrfMatches(csrfPresented, this.tokens.csrfToken(row.session_id))) {
        throw new DomainError('CSRF_TOKEN_INVALID');
      }
      const ended = await this.sessions.revoke(m, row.session_id, 'logout');
      await this.audit.record(m, {
        action: 'auth.logout',
        actor: { id: row.user_id, roles: row.roles, organizationId: row.org },
        entityType: 'session',
        entityId: row.session_id,
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
    const [row] = await this.dataSource.query<
      {
        id: string;
        password_hash: string;
        mfa_enabled: boolean;
        mfa_secret_enc: string | null;
        mfa_last_step: string | null;
      }[]
    >(`SELECT id, password_hash, mfa_enabled, mfa_secret_enc, mfa_last_step FROM users WHERE id = $1`, [
      user.id,
    ]);
    if (!row) throw new DomainError('UNAUTHENTICATED');
    if (!(await this.passwords.verify(row.password_hash, password))) {
      await this.lockout.wrongCurrentPassword(user, requestId);
      throw new DomainError('CURRENT_PASSWORD_INCORRECT', { field: 'password' }, [{ field: 'password' }]);
    }
    if (row.mfa_enabled && !(totp && (await this.auth.acceptTotp(row, totp)))) {
      await this.lockout.wrongCurrentPassword(user, requestId);
      throw new DomainError('MFA_CODE_INVALID', { field: 'totp' }, [{ field: 'totp' }]);
    }
    await this.dataSource.transaction(async (m) => {
      await m.query(`UPDATE sessions SET last_used_at = now() WHERE id = $1`, [user.sessionId]);
      await this.audit.record(m, {
        action: 'auth.reauthenticated',
        actor: user,
        entityType: 'session',
        entityId: user.sessionId,
        reasonCode: row.mfa_enabled ? 'password_and_totp' : 'password',
        requestId,
      });
    });
  }
}
