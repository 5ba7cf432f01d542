import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_DECISION, AccessDecision } from './access.decorators';
import { DomainError } from './domain-error';

/**
 * Refuses any route that does not declare an access decision: a forgotten decorator must fail closed.
 * Public routes pass here; the other kinds are enforced by the identity and access guards, which run
 * after this one.
 */
@Injectable()
export class AccessDecisionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const decision = this.reflector.getAllAndOverride<AccessDecision | undefined>(ACCESS_DECISION, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!decision) throw new DomainError('ACCESS_DECISION_MISSING');
    return true;
  }
}
