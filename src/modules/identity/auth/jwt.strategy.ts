import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { CryptoService } from '../../../platform/crypto';
import { AuthenticatedUser, SessionsService } from './sessions.service';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from './tokens.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * passport-jwt: a Bearer token signed HS256 under JWT_SECRET, from Haven, for this API, not expired; its
 * session must be live and its user enabled (one query by primary keys).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    crypto: CryptoService,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject (typed by passport-jwt as string | Buffer, but handed to jsonwebtoken as it is).
      secretOrKey: crypto.jwtKey as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(payload: unknown): Promise<AuthenticatedUser | false> {
    const { sub, sid } = (payload ?? {}) as { sub?: unknown; sid?: unknown };
    if (typeof sub !== 'string' || typeof sid !== 'string' || !UUID.test(sub) || !UUID.test(sid))
      return false;
    return (await this.sessions.authenticate(sub, sid)) ?? false;
  }
}
