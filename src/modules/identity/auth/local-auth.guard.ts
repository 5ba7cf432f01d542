import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard, IAuthModuleOptions } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { DomainError, flattenValidationErrors, validationFailed } from '../../../platform/http';
import { LoginDto } from '../dto/auth.dto';
import type { VerifiedSignIn } from './sign-in.service';

/** Where the local guard puts the verified sign-in (request.user is kept for the AuthUser). */
export const SIGN_IN_PROPERTY = 'verifiedSignIn';

export type RequestWithSignIn = FastifyRequest & { [SIGN_IN_PROPERTY]?: VerifiedSignIn };

/**
 * The login route's guard: the body is validated first, exactly like the global pipe would (unknown
 * fields refused, every problem naming its field), then passport-local checks the credentials.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const body = req.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw validationFailed([{ field: 'body', problems: ['the body must be a JSON object'] }]);
    }
    const errors = validateSync(plainToInstance(LoginDto, body), {
      whitelist: true,
      forbidNonWhitelisted: true,
      validationError: { target: false, value: false },
    });
    if (errors.length > 0) throw validationFailed(flattenValidationErrors(errors));
    return (await super.canActivate(context)) as boolean;
  }

  override getAuthenticateOptions(): IAuthModuleOptions {
    return { session: false, property: SIGN_IN_PROPERTY };
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err instanceof Error ? err : new DomainError('INVALID_CREDENTIALS');
    if (!user) throw new DomainError('INVALID_CREDENTIALS');
    return user;
  }
}
