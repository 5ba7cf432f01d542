import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { CryptoService } from '../../../platform/crypto';
import { AuthenticatedUser, SessionRepository } from './session.repository';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from './tokens.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `Bearer <three base64url parts>` and nothing else (RFC 6750 §2.1; the scheme is case-insensitive). */
const BEARER = /^Bearer +([\w-]+\.[\w-]+\.[\w-]+)$/i;

/** How far in the future a token's iat may be: the clocks of two machines differ a little. */
export const CLOCK_SKEW_SECONDS = 30;

/**
 * The token of an Authorization header that holds exactly one. passport-jwt's own extractor takes the
 * first word after the scheme and ignores whatever follows; a header with trailing junk is refused here.
 */
export function bearerTokenOf(req: { headers?: Record<string, unknown> }): string | null {
  const header = req.headers?.authorization;
  if (typeof header !== 'string') return null;
  return BEARER.exec(header)?.[1] ?? null;
}

/**
 * Whether a verified payload's times are sound: jsonwebtoken checks exp only when it is there and never
 * looks at iat, so a token without exp (valid for ever) or issued in the future is refused here.
 */
export function timesAreSound(payload: { exp?: unknown; iat?: unknown }, nowSeconds: number): boolean {
  const { exp, iat } = payload;
  if (typeof exp !== 'number' || typeof iat !== 'number') return false;
  return iat <= nowSeconds + CLOCK_SKEW_SECONDS && exp > iat;
}

/**
 * passport-jwt: a Bearer token signed HS256 under JWT_SECRET, from Haven, for this API, with exp and
 * iat, not expired, not issued in the future; its session must be live and its user enabled (one query
 * by primary keys).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    crypto: CryptoService,
    private readonly sessions: SessionRepository,
  ) {
    super({
      jwtFromRequest: bearerTokenOf,
      // A KeyObject (typed by passport-jwt as string | Buffer, but handed to jsonwebtoken as it is).
      secretOrKey: crypto.jwtKey as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(payload: unknown): Promise<AuthenticatedUser | false> {
    const claims = (payload ?? {}) as { sub?: unknown; sid?: unknown; exp?: unknown; iat?: unknown };
    if (!timesAreSound(claims, Math.floor(Date.now() / 1000))) return false;
    const { sub, sid } = claims;
    if (typeof sub !== 'string' || typeof sid !== 'string' || !UUID.test(sub) || !UUID.test(sid))
      return false;
    return (await this.sessions.authenticate(sub, sid)) ?? false;
  }
}
