import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import * as jwt from 'jsonwebtoken';
import { ENV, Env } from '../../../platform/config';
import { CryptoService } from '../../../platform/crypto';

export const TOKEN_ISSUER = 'haven';
export const TOKEN_AUDIENCE = 'haven-api';

/** What an access token says: who (sub), which session (sid), and, for information, roles and organisation. */
export interface AccessClaims {
  sub: string;
  sid: string;
  roles: string[];
  org: string;
}

/**
 * Access tokens are HS256 JWTs under JWT_SECRET, short-lived (ACCESS_TOKEN_TTL_SECONDS, 15 minutes by
 * default, never past the session's end). Refresh tokens are 32 random bytes; only their SHA-256 is kept.
 */
@Injectable()
export class TokensService {
  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly crypto: CryptoService,
  ) {}

  /** Signs an access token; returns it with its lifetime in seconds. */
  signAccess(claims: AccessClaims, sessionExpiresAt: Date): { token: string; expiresIn: number } {
    const untilSessionEnd = Math.floor((sessionExpiresAt.getTime() - Date.now()) / 1000);
    const expiresIn = Math.max(1, Math.min(this.env.ACCESS_TOKEN_TTL_SECONDS, untilSessionEnd));
    const token = jwt.sign({ roles: claims.roles, org: claims.org, sid: claims.sid }, this.crypto.jwtKey, {
      algorithm: 'HS256',
      subject: claims.sub,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      expiresIn,
    });
    return { token, expiresIn };
  }

  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: TokensService.hashRefreshToken(token) };
  }

  /**
   * Stands for the client of a refresh (address and user agent) to recognise its double submit. Keyed,
   * so the stored value does not give the address back.
   */
  clientFingerprint(ip: string | undefined, userAgent: string | undefined): string {
    return createHmac('sha256', this.crypto.jwtKey)
      .update(`refresh-client\u0000${ip ?? ''}\u0000${userAgent ?? ''}`, 'utf8')
      .digest('base64url');
  }

  /**
   * The CSRF token of a browser session (web-session.ts): bound to the session, derived with the server's
   * key, so it needs no storage and cannot be computed by anyone who does not hold the key.
   */
  csrfToken(sessionId: string): string {
    return createHmac('sha256', this.crypto.jwtKey)
      .update(`csrf\u0000${sessionId}`, 'utf8')
      .digest('base64url');
  }

  static hashRefreshToken(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('hex');
  }

  /** When a refresh token issued now expires: its own lifetime, never past the session's end. */
  refreshExpiry(sessionExpiresAt: Date): Date {
    const own = Date.now() + this.env.REFRESH_TOKEN_TTL_HOURS * 3_600_000;
    return new Date(Math.min(own, sessionExpiresAt.getTime()));
  }

  sessionExpiry(): Date {
    return new Date(Date.now() + this.env.SESSION_MAX_HOURS * 3_600_000);
  }
}
