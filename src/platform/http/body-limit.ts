import { RouteConfig } from '@nestjs/platform-fastify';

/** The body size every route accepts unless it declares less with @BodyLimit. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * A smaller body limit for one route (bytes): Fastify stops reading at the limit and answers 413
 * PAYLOAD_TOO_LARGE before any parsing. For routes whose body is tiny (sign-in, refresh), reachable
 * without an account.
 */
export const BodyLimit = (bytes: number): MethodDecorator => RouteConfig({ bodyLimit: bytes });

/** Moves a route's declared limit from its config to Fastify's own option (called from onRoute). */
export function applyBodyLimit(route: { bodyLimit?: number; config?: unknown }): void {
  const declared = (route.config as { bodyLimit?: unknown } | undefined)?.bodyLimit;
  if (typeof declared === 'number' && declared > 0) route.bodyLimit = declared;
}
