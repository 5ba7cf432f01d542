import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ENV, Env, mfaRequired } from '../../../platform/config';
import { CryptoService } from '../../../platform/crypto';
import { DomainError } from '../../../platform/http';
import type { AuthUser } from '../../../platform/http';
import { AuditService } from '../../audit';
import { needsSecondFactor } from '../domain/roles';
import { MFA_SECRET_CONTEXT } from '../identity.crypto';
import { PasswordService } from '../password.service';
import { RoleCatalogue } from '../role-catalogue';
import { updateReturning } from '../sql';
import { LockoutService } from './lockout.service';
import { SessionsService } from './sessions.service';
import { TokensService } from './tokens.service';
import { verifyTotp } from './totp';
import { csrfMatches } from './web-session';
import '../identity.errors';

export { LOCKOUT_THRESHOLD } from './lockout.service';

/** What accepting a TOTP code reads of the user. */
export type TotpRow = Pick<SignInRow, 'id' | 'mfa_secret_enc' | 'mfa_last_step'>;

interface SignInRow {
  id: string;
  username: string;
  display_name: string;
  roles: string[];
  organization_id: string;
  disabled: boolean;
  password_hash: string;
  mfa_enabled: boolean;
  mfa_secret_enc: string | null;
  mfa_last_step: string | null;
}

/** A sign-in whose password (and second factor, when set up) checked out. */
export interface VerifiedSignIn {
  userId: string;
  username: string;
  displayName: string;
  roles: string[];
  organizationId: string;
  mfaVerified: boolean;
}

export interface SignInContext {
  requestId: string;
  /** A keyed hash of the client's address and user agent (TokensService.clientFingerprint). */
  client?: string;
  /**
   * The browser's cookie transport: the answer carries the session's CSRF token; on refresh, the token
   * the page presented (X-CSRF-Token) must be that one, checked before anything else is done.
   */
  web?: { csrfPresented?: string };
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  /** Only to the cookie transport (SignInContext.web): the page keeps it in memory. */
  csrfToken?: string;
}

export interface SignedIn extends TokenPair {
  user: { id: string; username: string; displayName: string; roles: string[]; organizationId: string };
  /** A temporary password: the token serves /auth/password only (jwt-auth.guard.ts). */
  passwordChangeRequired: boolean;
}

type Actor = Pick<AuthUser, 'id' | 'roles' | 'organizationId'>;

/**
 * A spent refresh token presented again within the grace window by the client that spent it: a double
 * submit (two tabs, a retried request), answered with another pair of the same session. A client never
 * identified, or another one, is treated as a thief.
 */
function isDoubleSubmit(
  row: { in_grace: boolean | null; used_by_client: string | null },
  client: string | undefined,
): boolean {
  return row.in_grace === true && client !== undefined && row.used_by_client === client;
}

/**
 * Sign-in, refresh, logout. The lockout lives in PostgreSQL (users.failed_logins, users.locked_until) so
 * it holds across processes and without Redis; every attempt is audited, naming the user id when known
 * and never the username or the password.
 */
@Injectable()
export class AuthService {
  constructor(
    @Inject(ENV) private readonly env: Env,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly tokens: TokensService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly crypto: CryptoService,
    private readonly roles: RoleCatalogue,
    private readonly lockout: LockoutService,
  ) {}

  /** Checks username, password and, when set up, the TOTP code. Throws the coded refusal. */
  async verifySignIn(
    username: string,
    password: string,
    totp: string | undefined,
    ctx: SignInContext,
  ): Promise<VerifiedSignIn> {
    const [user] = await this.dataSource.query<SignInRow[]>(
      `SELECT id, username, display_name, roles, organization_id, disabled, password_hash,
              mfa_enabled, mfa_secret_enc, mfa_last_step
         FROM users WHERE username = $1`,
      [username.trim().toLowerCase()],
    );
    if (!user) {
      await this.passwords.verifyDummy(password);
      await this.auditAttempt(null, 'failure', 'unknown_user', ctx);
      throw new DomainError('INVALID_CREDENTIALS');
    }
    const actor: Actor = { id: user.id, roles: user.roles, organizationId: user.organization_id };
    // Counted before the password is checked; the decision rests on the number the count returns.
    const attempt = await this.lockout.count(user.id);
    if (attempt.refused) {
      await this.auditAttempt(actor, 'denied', 'account_locked', ctx);
      throw new DomainError('ACCOUNT_LOCKED');
    }
    const passwordOk = await this.passwords.verify(user.password_hash, password);
    if (!passwordOk) {
      await this.lockout.failed(actor, attempt, 'bad_password', ctx.requestId);
      throw new DomainError('INVALID_CREDENTIALS');
    }
    if (user.disabled) {
      await this.lockout.uncount(user.id);
      await this.auditAttempt(actor, 'denied', 'user_disabled', ctx);
      throw new DomainError('INVALID_CREDENTIALS');
    }
    if (user.mfa_enabled) {
      if (totp === undefined || totp === '') {
        await this.lockout.uncount(user.id);
        await this.auditAttempt(actor, 'failure', 'mfa_missing', ctx);
        throw new DomainError('MFA_REQUIRED');
      }
      const accepted = await this.acceptTotp(user, totp);
      if (!accepted) {
        await this.lockout.failed(actor, attempt, 'mfa_invalid', ctx.requestId);
        throw new DomainError('MFA_REQUIRED');
      }
    }
    return {
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      roles: user.roles,
      organizationId: user.organization_id,
      mfaVerified: user.mfa_enabled,
    };
  }

  /** Opens a session for a verified sign-in: clears the failure count, issues the pair, audits. */
  async startSession(signIn: VerifiedSignIn, ctx: SignInContext): Promise<SignedIn> {
    const actor: Actor = { id: signIn.userId, roles: signIn.roles, organizationId: signIn.organizationId };
    const result = await this.dataSource.transaction(async (m) => {
      // Checked again under the row lock: failures from a concurrent attempt may have locked it since.
      const cleared = await updateReturning<{ id: string; password_change_required: boolean }>(
        m,
        `UPDATE users SET failed_logins = 0, locked_until = NULL
          WHERE id = $1 AND NOT disabled AND (locked_until IS NULL OR locked_until <= now())
          RETURNING id, password_change_required`,
        [signIn.userId],
      );
      if (cleared.length === 0) {
        const [state] = await m.query<{ disabled: boolean }[]>(`SELECT disabled FROM users WHERE id = $1`, [
          signIn.userId,
        ]);
        return {
          ok: false as const,
          refused: state?.disabled === false ? ('ACCOUNT_LOCKED' as const) : ('INVALID_CREDENTIALS' as const),
        };
      }
      const expiresAt = this.tokens.sessionExpiry();
      const [session] = await m.query<{ id: string }[]>(
        `INSERT INTO sessions (user_id, expires_at, mfa_verified) VALUES ($1, $2, $3) RETURNING id`,
        [signIn.userId, expiresAt, signIn.mfaVerified],
      );
      if (!session) throw new Error('session insert returned nothing');
      const pair = await this.issuePair(m, {
        sessionId: session.id,
        sessionExpiresAt: expiresAt,
        userId: signIn.userId,
        roles: signIn.roles,
        organizationId: signIn.organizationId,
      });
      await this.audit.record(m, {
        action: 'auth.login',
        actor,
        entityType: 'session',
        entityId: session.id,
        reasonCode: signIn.mfaVerified ? 'password_and_totp' : 'password',
        requestId: ctx.requestId,
      });
      return {
        ok: true as const,
        pair,
        sessionId: session.id,
        passwordChangeRequired: cleared[0]?.password_change_required === true,
      };
    });
    if (!result.ok) {
      // Locked or disabled by a concurrent request between the password check and now.
      await this.auditAttempt(
        actor,
        'denied',
        result.refused === 'ACCOUNT_LOCKED' ? 'account_locked' : 'user_disabled',
        ctx,
      );
      throw new DomainError(result.refused);
    }
    return {
      ...result.pair,
      ...(ctx.web ? { csrfToken: this.tokens.csrfToken(result.sessionId) } : {}),
      user: {
        id: signIn.userId,
        username: signIn.username,
        displayName: signIn.displayName,
        roles: signIn.roles,
        organizationId: signIn.organizationId,
      },
      passwordChangeRequired: result.passwordChangeRequired,
    };
  }

  /**
   * Rotates a refresh token: the presented one is spent and a new pair issued. A token presented again
   * after it was spent revokes its whole session (someone else holds a copy), unless it is the same
   * client's double submit within REFRESH_GRACE_SECONDS: that gets a pair of the same session.
   */
  async refresh(refreshToken: string, ctx: SignInContext): Promise<TokenPair> {
    const hash = TokensService.hashRefreshToken(refreshToken);
    const outcome = await this.dataSource.transaction(async (m) => {
      const [row] = await m.query<
        {
          token_id: string;
          session_id: string;
          used: boolean;
          in_grace: boolean;
          used_by_client: string | null;
          token_expired: boolean;
          session_expires_at: Date;
          session_live: boolean;
          user_id: string;
          disabled: boolean;
          roles: string[];
          organization_id: string;
        }[]
      >(
        `SELECT rt.id AS token_id, rt.session_id, rt.used_at IS NOT NULL AS used,
                rt.used_at > now() - make_interval(secs => $2) AS in_grace, rt.used_by_client,
                rt.expires_at <= now() AS token_expired,
                s.expires_at AS session_expires_at,
                (s.revoked_at IS NULL AND s.expires_at > now()) AS session_live,
                u.id AS user_id, u.disabled, u.roles, u.organization_id
           FROM refresh_tokens rt
           JOIN sessions s ON s.id = rt.session_id
           JOIN users u ON u.id = s.user_id
          WHERE rt.token_hash = $1
          FOR UPDATE OF rt, s`,
        [hash, this.env.REFRESH_GRACE_SECONDS],
      );
      if (!row) return { refused: true as const };
      // A cookie without the page's CSRF token: refused before the token is spent or judged reused.
      if (ctx.web && !csrfMatches(ctx.web.csrfPresented, this.tokens.csrfToken(row.session_id))) {
        return { refused: true as const, csrf: true as const };
      }
      const actor: Actor = { id: row.user_id, roles: row.roles, organizationId: row.organization_id };
      const doubleSubmit = row.used && isDoubleSubmit(row, ctx.client);
      if (row.used && !doubleSubmit) {
        const revoked = await this.sessions.revoke(m, row.session_id, 'refresh_token_reuse');
        await this.audit.record(m, {
          action: 'auth.refresh_token_reused',
          outcome: 'denied',
          actor,
          entityType: 'session',
          entityId: row.session_id,
          reasonCode: revoked ? 'session_revoked' : 'session_already_ended',
          requestId: ctx.requestId,
        });
        return { refused: true as const };
      }
      if (row.token_expired || !row.session_live || row.disabled) return { refused: true as const };
      if (doubleSubmit) {
        await this.audit.record(m, {
          action: 'auth.refresh_token_reused',
          actor,
          entityType: 'session',
          entityId: row.session_id,
          reasonCode: 'double_submit_grace',
          requestId: ctx.requestId,
        });
      } else {
        await m.query(`UPDATE refresh_tokens SET used_at = now(), used_by_client = $2 WHERE id = $1`, [
          row.token_id,
          ctx.client ?? null,
        ]);
      }
      await m.query(`UPDATE sessions SET last_used_at = now() WHERE id = $1`, [row.session_id]);
      const pair = await this.issuePair(m, {
        sessionId: row.session_id,
        sessionExpiresAt: new Date(row.session_expires_at),
        userId: row.user_id,
        roles: row.roles,
        organizationId: row.organization_id,
      });
      return { refused: false as const, pair, sessionId: row.session_id };
    });
    if (outcome.refused) {
      throw new DomainError('csrf' in outcome ? 'CSRF_TOKEN_INVALID' : 'REFRESH_TOKEN_INVALID');
    }
    return ctx.web ? { ...outcome.pair, csrfToken: this.tokens.csrfToken(outcome.sessionId) } : outcome.pair;
  }

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
    const [row] = await this.dataSource.query<{ username: string; password_hash: string }[]>(
      `SELECT username, password_hash FROM users WHERE id = $1`,
      [user.id],
    );
    if (!row) throw new DomainError('UNAUTHENTICATED');
    if (!(await this.passwords.verify(row.password_hash, currentPassword))) {
      await this.lockout.wrongCurrentPassword(user, requestId);
      throw new DomainError('CURRENT_PASSWORD_INCORRECT', { field: 'currentPassword' }, [
        { field: 'currentPassword' },
      ]);
    }
    if (currentPassword === newPassword) {
      throw new DomainError('PASSWORD_UNCHANGED', { field: 'newPassword' }, [{ field: 'newPassword' }]);
    }
    this.passwords.assertAcceptable(newPassword, row.username, 'newPassword');
    const hash = await this.passwords.hash(newPassword);
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE users SET password_hash = $2, password_changed_at = now(), failed_logins = 0,
                password_change_required = false, updated_at = now(), version = version + 1
          WHERE id = $1`,
        [user.id, hash],
      );
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

  private async issuePair(
    m: EntityManager,
    s: { sessionId: string; sessionExpiresAt: Date; userId: string; roles: string[]; organizationId: string },
  ): Promise<TokenPair> {
    const refresh = this.tokens.newRefreshToken();
    await m.query(`INSERT INTO refresh_tokens (session_id, token_hash, expires_at) VALUES ($1, $2, $3)`, [
      s.sessionId,
      refresh.hash,
      this.tokens.refreshExpiry(s.sessionExpiresAt),
    ]);
    const access = this.tokens.signAccess(
      { sub: s.userId, sid: s.sessionId, roles: s.roles, org: s.organizationId },
      s.sessionExpiresAt,
    );
    return { accessToken: access.token, refreshToken: refresh.token, expiresIn: access.expiresIn };
  }

  /** Accepts a TOTP code once: the step is recorded under a condition, so a replay in parallel fails too. */
  async acceptTotp(user: TotpRow, code: string): Promise<boolean> {
    if (!user.mfa_secret_enc) return false;
    const secret = this.crypto.decrypt(user.mfa_secret_enc, MFA_SECRET_CONTEXT);
    const step = verifyTotp(secret, code, user.mfa_last_step === null ? null : Number(user.mfa_last_step));
    if (step === undefined) return false;
    const rows = await updateReturning<{ id: string }>(
      this.dataSource.manager,
      `UPDATE users SET mfa_last_step = $2
        WHERE id = $1 AND (mfa_last_step IS NULL OR mfa_last_step < $2) RETURNING id`,
      [user.id, step],
    );
    return rows.length > 0;
  }

  private async auditAttempt(
    actor: Actor | null,
    outcome: 'failure' | 'denied',
    reasonCode: string,
    ctx: SignInContext,
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.audit.record(m, {
        action: 'auth.login',
        outcome,
        actor,
        entityType: actor ? 'user' : undefined,
        entityId: actor?.id,
        reasonCode,
        requestId: ctx.requestId,
      });
    });
  }
}
