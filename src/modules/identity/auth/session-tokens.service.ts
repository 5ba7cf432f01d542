import { Injectable } from '@nestjs/common';
import type { Queryable } from '../../../platform/database';
import { RefreshTokenRepository } from './refresh-token.repository';
import { TokensService } from './tokens.service';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  /** Only to the cookie transport (SignInContext.web): the page keeps it in memory. */
  csrfToken?: string;
}

/** What a session's tokens carry. */
export interface SessionOfTokens {
  sessionId: string;
  sessionExpiresAt: Date;
  userId: string;
  roles: string[];
  organizationId: string;
}

/** Issues a session's token pair: a new refresh token (stored as its hash) and an access token. */
@Injectable()
export class SessionTokensService {
  constructor(
    private readonly tokens: TokensService,
    private readonly refreshTokens: RefreshTokenRepository,
  ) {}

  async issuePair(m: Queryable, s: SessionOfTokens): Promise<TokenPair> {
    const refresh = this.tokens.newRefreshToken();
    await this.refreshTokens.insert(
      m,
      s.sessionId,
      refresh.hash,
      this.tokens.refreshExpiry(s.sessionExpiresAt),
    );
    const access = this.tokens.signAccess(
      { sub: s.userId, sid: s.sessionId, roles: s.roles, org: s.organizationId },
      s.sessionExpiresAt,
    );
    return { accessToken: access.token, refreshToken: refresh.token, expiresIn: access.expiresIn };
  }
}
