import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { SignInService, VerifiedSignIn } from './sign-in.service';

/** passport-local: username and password (and the TOTP code, when set up) from the login body. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly signIn: SignInService) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true, session: false });
  }

  validate(req: FastifyRequest, username: string, password: string): Promise<VerifiedSignIn> {
    const { totp } = (req.body ?? {}) as { totp?: string };
    return this.signIn.verifySignIn(username, password, totp, { requestId: req.id });
  }
}
