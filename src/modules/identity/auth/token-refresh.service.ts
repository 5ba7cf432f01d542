import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ENV, Env } from '../../../platform/config';
import { DomainError } from '../../../platform/http';
import { AuditService } from '../../audit';
import { PresentedRefreshToken, RefreshTokenRepository } from './refresh-token.repository';
import { SessionRepository } from './session.repository';
import { SessionTokensService, TokenPair } from './session-tokens.service';
import type { SignInContext } from './sign-in.service';
import { TokensService } from './tokens.service';
import { csrfMatches } from './web-session';
import '../identity.errors';

/**
 * A spent refresh token presented again within the grace window by the client that spent it: a double
 * submit (two tabs, a retried request), answered with another pair of the same session. A client never
 * identified, or another one, is treated as a thief.
 */
function isDoubleSubmit(token: PresentedRefreshToken, client: string | undefined): boolean {
  return token.inGrace === true && client !== undefined && token.usedByClient === client;
}

/**
 * Rotating refresh tokens: the presented one is spent and a new pair issued. A token presented again
 * after it was spent revokes its whole session (someone else holds a copy), unless it is the same
 * client's double submit within REFRESH_GRACE_SECONDS: that gets a pair of the same session.
 */
@Injectable()
export class TokenRefreshService {
  constructor(
    @Inject(ENV) private readonly env: Env,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly sessions: SessionRepository,
    private readonly tokens: TokensService,
    private readonly sessionTokens: SessionTokensService,
    private readonly audit: AuditService,
  ) {}

  async refresh(refreshToken: string, ctx: SignInContext): Promise<TokenPair> {
    const hash = TokensService.hashRefreshToken(refreshToken);
    const outcome = await this.dataSource.transaction(async (m) => {
      const token = await this.refreshTokens.lockPresented(m, hash, this.env.REFRESH_GRACE_SECONDS);
      if (!token) return { refused: true as const };
      // A cookie without the page's CSRF token: refused before the token is spent or judged reused.
      if (ctx.web && !csrfMatches(ctx.web.csrfPresented, this.tokens.csrfToken(token.sessionId))) {
        return { refused: true as const, csrf: true as const };
      }
      const actor = { id: token.userId, roles: token.roles, organizationId: token.organizationId };
      const doubleSubmit = token.used && isDoubleSubmit(token, ctx.client);
      if (token.used && !doubleSubmit) {
        const revoked = await this.sessions.revoke(m, token.sessionId, 'refresh_token_reuse');
        await this.audit.record(m, {
          action: 'auth.refresh_token_reused',
          outcome: 'denied',
          actor,
          entityType: 'session',
          entityId: token.sessionId,
          reasonCode: revoked ? 'session_revoked' : 'session_already_ended',
          requestId: ctx.requestId,
        });
        return { refused: true as const };
      }
      if (token.tokenExpired || !token.sessionLive || token.disabled) return { refused: true as const };
      if (doubleSubmit) {
        await this.audit.record(m, {
          action: 'auth.refresh_token_reused',
          actor,
          entityType: 'session',
          entityId: token.sessionId,
          reasonCode: 'double_submit_grace',
          requestId: ctx.requestId,
        });
      } else {
        await this.refreshTokens.markUsed(m, token.tokenId, ctx.client ?? null);
      }
      await this.sessions.touch(m, token.sessionId);
      const pair = await this.sessionTokens.issuePair(m, {
        sessionId: token.sessionId,
        sessionExpiresAt: token.sessionExpiresAt,
        userId: token.userId,
        roles: token.roles,
        organizationId: token.organizationId,
      });
      return { refused: false as const, pair, sessionId: token.sessionId };
    });
    if (outcome.refused) {
      throw new DomainError('csrf' in outcome ? 'CSRF_TOKEN_INVALID' : 'REFRESH_TOKEN_INVALID');
    }
    return ctx.web ? { ...outcome.pair, csrfToken: this.tokens.csrfToken(outcome.sessionId) } : outcome.pair;
  }
}
