import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ACCESS_DECISION, AccessDecision } from './access.decorators';

/** The signed-in member of staff, as the identity module's guard puts it on the request. */
export interface AuthUser {
  id: string;
  username: string;
  roles: string[];
  organizationId: string;
  sessionId: string;
  mfaVerified: boolean;
}

/** Who acts, and under which request id: what every use case passes to the audit trail. */
export interface Actor {
  user: AuthUser;
  requestId: string;
}

export type RequestWithUser = FastifyRequest & { user?: AuthUser };

/** Any signed-in user; what they may do is decided further in (policy calls in the service). */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_DECISION, { kind: 'authenticated' } satisfies AccessDecision);

/** Signed-in users holding at least one of these roles. */
export const Roles = (...roles: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_DECISION, { kind: 'roles', roles } satisfies AccessDecision);

/** Signed-in users; the access module's rule for this action decides, in the service, per record. */
export const Policy = (action: string): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_DECISION, { kind: 'policy', action } satisfies AccessDecision);

/** The signed-in user and the request id. Only on routes that require sign-in. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<RequestWithUser>();
  if (!req.user) throw new Error('CurrentActor used on a route without sign-in');
  return { user: req.user, requestId: req.id };
});
