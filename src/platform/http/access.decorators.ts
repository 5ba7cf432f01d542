import { SetMetadata } from '@nestjs/common';

/**
 * Every route carries an explicit access decision (docs/ARCHITECTURE.md, Conventions). The decision is metadata read by the
 * global AccessDecisionGuard and by the authorization-matrix test, which fails on a route without one.
 */
export const ACCESS_DECISION = 'haven:access-decision';

export type AccessDecision =
  | { kind: 'public'; why: string }
  | { kind: 'authenticated' }
  | { kind: 'roles'; roles: readonly string[] }
  | { kind: 'policy'; action: string };

/** Open to anyone, with the reason written next to the route. */
export const Public = (why: string): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_DECISION, { kind: 'public', why } satisfies AccessDecision);
