import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ENV, Env, mfaRequired } from '../../../platform/config';
import { ACCESS_DECISION, AccessDecision, DomainError } from '../../../platform/http';
import type { AuthUser, RequestWithUser } from '../../../platform/http';
import { needsSecondFactor } from '../domain/roles';
import { RoleCatalogue } from '../role-catalogue';
import { ALLOW_WITHOUT_MFA } from './allow-without-mfa.decorator';
import { ALLOW_DURING_PASSWORD_CHANGE } from './password-change-required';
import type { AuthenticatedUser } from './session.repository';
import '../identity.errors';

/**
 * The global authentication guard (APP_GUARD of IdentityModule; it runs after the platform's
 * AccessDecisionGuard, which refuses a route without a decision). For a `public` route it does nothing.
 * For `authenticated`, `roles` and `policy` it requires a valid access token of a live session of an
 * enabled user (401 UNAUTHENTICATED), puts the AuthUser on request.user, then:
 * - when the second factor is required (AUTH_MFA_REQUIRED) for this user's roles and the session has
 *   not verified it: 403 MFA_SETUP_REQUIRED if the user has none yet, else 403
 *   MFA_REAUTHENTICATION_REQUIRED (sign in again with a code) — except on the routes that set it up;
 * - for `roles`, 403 FORBIDDEN unless the user holds one of them;
 * - while the user must set her own password (a confirmed reset), 403 PASSWORD_CHANGE_REQUIRED on
 *   every route but /auth/password (password-change-required.ts).
 * `policy` decisions are taken per record by the access module, in the service.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ENV) private readonly env: Env,
    private readonly roleCatalogue: RoleCatalogue,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const decision = this.reflector.getAllAndOverride<AccessDecision | undefined>(ACCESS_DECISION, targets);
    // No decision: the AccessDecisionGuard has refused the route already (fail closed); public: open.
    if (!decision || decision.kind === 'public') return true;

    await super.canActivate(context);
    const req = context.switchToHttp().getRequest<RequestWithUser>();
    const found = req.user as AuthenticatedUser | undefined;
    if (!found) throw new DomainError('UNAUTHENTICATED');
    const user: AuthUser = {
      id: found.id,
      username: found.username,
      roles: found.roles,
      organizationId: found.organizationId,
      sessionId: found.sessionId,
      mfaVerified: found.mfaVerified,
    };
    req.user = user;

    const passwordRoute = this.reflector.getAllAndOverride<boolean | undefined>(
      ALLOW_DURING_PASSWORD_CHANGE,
      targets,
    );
    if (found.passwordChangeRequired) {
      if (!passwordRoute) throw new DomainError('PASSWORD_CHANGE_REQUIRED');
      return true;
    }
    const setupRoute = this.reflector.getAllAndOverride<boolean | undefined>(ALLOW_WITHOUT_MFA, targets);
    if (
      !setupRoute &&
      !found.mfaVerified &&
      mfaRequired(this.env) &&
      needsSecondFactor(found.roles, this.roleCatalogue.roles)
    ) {
      throw new DomainError(found.mfaEnabled ? 'MFA_REAUTHENTICATION_REQUIRED' : 'MFA_SETUP_REQUIRED');
    }
    if (decision.kind === 'roles' && !decision.roles.some((r) => user.roles.includes(r))) {
      throw new DomainError('FORBIDDEN');
    }
    return true;
  }

  /** A refused token is 401; an error while checking it (the database away) stays an error (500). */
  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err instanceof Error ? err : new DomainError('UNAUTHENTICATED');
    if (!user) throw new DomainError('UNAUTHENTICATED');
    return user;
  }
}
