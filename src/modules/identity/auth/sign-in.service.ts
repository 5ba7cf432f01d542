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
import { SessionRepository } from './session.repository';
import { SessionTokensService, TokenPair } from './session-tokens.service';
import { TokensService } from './tokens.service';
import '../identity.errors';

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

export interface SignedIn extends TokenPair {
  user: { id: string; username: string; displayName: string; roles: string[]; organizationId: string };
  /** A temporary password: the token serves /auth/password only (jwt-auth.guard.ts). */
  passwordChangeRequired: boolean;
}

type Actor = Pick<AuthUser, 'id' | 'roles' | 'organizationId'>;

/**
 * Sign-in. The lockout lives in PostgreSQL (users.failed_logins, users.locked_until) so it holds across
 * processes and without Redis; every attempt is audited, naming the user id when known and never the
 * username or the password.
 */
@Injectable()
export class SignInService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly credentials: CredentialRepository,
    private readonly sessions: SessionRepository,
    private readonly passwords: PasswordService,
    private readonly tokens: TokensService,
    private readonly sessionTokens: SessionTokensService,
    private readonly audit: AuditService,
    private readonly lockout: LockoutService,
    private readonly mfa: MfaService,
  ) {}

  /** Checks username, password and, when set up, the TOTP code. Throws the coded refusal. */
  async verifySignIn(
    username: string,
    password: string,
    totp: string | undefined,
    ctx: SignInContext,
  ): Promise<VerifiedSignIn> {
    const user = await this.credentials.find(this.dataSource.manager, {
      username: username.trim().toLowerCase(),
    });
    if (!user) {
      await this.passwords.verifyDummy(password);
      await this.auditAttempt(null, 'failure', 'unknown_user', ctx);
      throw new DomainError('INVALID_CREDENTIALS');
    }
    const actor: Actor = { id: user.id, roles: user.roles, organizationId: user.organizationId };
    // Counted before the password is checked; the decision rests on the number the count returns.
    const attempt = await this.lockout.count(user.id);
    if (attempt.refused) {
      await this.auditAttempt(actor, 'denied', 'account_locked', ctx);
      throw new DomainError('ACCOUNT_LOCKED');
    }
    const passwordOk = await this.passwords.verify(user.passwordHash, password);
    if (!passwordOk) {
      await this.lockout.failed(actor, attempt, 'bad_password', ctx.requestId);
      throw new DomainError('INVALID_CREDENTIALS');
    }
    // The secret was right, refused for another reason: not a guess, so the attempt is not counted.
    if (user.disabled) {
      await this.credentials.uncountAttempt(this.dataSource.manager, user.id);
      await this.auditAttempt(actor, 'denied', 'user_disabled', ctx);
      throw new DomainError('INVALID_CREDENTIALS');
    }
    if (user.mfaEnabled) {
      if (totp === undefined || totp === '') {
        await this.credentials.uncountAttempt(this.dataSource.manager, user.id);
        await this.auditAttempt(actor, 'failure', 'mfa_missing', ctx);
        throw new DomainError('MFA_REQUIRED');
      }
      const accepted = await this.mfa.acceptCode(user, totp);
      if (!accepted) {
        await this.lockout.failed(actor, attempt, 'mfa_invalid', ctx.requestId);
        throw new DomainError('MFA_REQUIRED');
      }
    }
    return {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      organizationId: user.organizationId,
      mfaVerified: user.mfaEnabled,
    };
  }

  /** Opens a session for a verified sign-in: clears the failure count, issues the pair, audits. */
  async startSession(signIn: VerifiedSignIn, ctx: SignInContext): Promise<SignedIn> {
    const actor: Actor = { id: signIn.userId, roles: signIn.roles, organizationId: signIn.organizationId };
    const result = await this.dataSource.transaction(async (m) => {
      // Checked again under the row lock: failures from a concurrent attempt may have locked it since.
      const cleared = await this.credentials.clearFailuresIfAllowed(m, signIn.userId);
      if (!cleared) {
        const disabled = await this.credentials.isDisabled(m, signIn.userId);
        return {
          ok: false as const,
          refused: disabled === false ? ('ACCOUNT_LOCKED' as const) : ('INVALID_CREDENTIALS' as const),
        };
      }
      const expiresAt = this.tokens.sessionExpiry();
      const sessionId = await this.sessions.open(m, signIn.userId, expiresAt, signIn.mfaVerified);
      const pair = await this.sessionTokens.issuePair(m, {
        sessionId,
        sessionExpiresAt: expiresAt,
        userId: signIn.userId,
        roles: signIn.roles,
        organizationId: signIn.organizationId,
      });
      await this.audit.record(m, {
        action: 'auth.login',
        actor,
        entityType: 'session',
        entityId: sessionId,
        reasonCode: signIn.mfaVerified ? 'password_and_totp' : 'password',
        requestId: ctx.requestId,
      });
      return { ok: true as const, pair, sessionId, passwordChangeRequired: cleared.passwordChangeRequired };
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
