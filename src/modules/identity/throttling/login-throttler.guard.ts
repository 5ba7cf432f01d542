import { createHash } from 'node:crypto';
import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerOptions } from '@nestjs/throttler';
import type { Env } from '../../../platform/config';

export const LOGIN_THROTTLERS = { perAddress: 'login-address', perUsername: 'login-username' } as const;

/** The hash that stands for a username in a rate-limit key: the name itself is never stored. */
export function usernameTracker(body: unknown): string {
  const raw = (body as { username?: unknown } | null)?.username;
  const name = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  return `user:${createHash('sha256').update(name, 'utf8').digest('hex')}`;
}

/**
 * The sign-in limits, per minute: AUTH_LOGIN_LIMIT_PER_IP per client address and
 * AUTH_LOGIN_LIMIT_PER_USER per username (above the lockout threshold, so the lockout speaks first for
 * one account; the limit stops spraying many passwords from many addresses at one name).
 */
export function loginThrottlerOptions(env: Env): { throttlers: ThrottlerOptions[] } {
  return {
    throttlers: [
      {
        name: LOGIN_THROTTLERS.perAddress,
        ttl: 60_000,
        limit: env.AUTH_LOGIN_LIMIT_PER_IP,
        getTracker: (req) => {
          const ip = (req as { ip?: unknown }).ip;
          return `ip:${typeof ip === 'string' ? ip : 'unknown'}`;
        },
      },
      {
        name: LOGIN_THROTTLERS.perUsername,
        ttl: 60_000,
        limit: env.AUTH_LOGIN_LIMIT_PER_USER,
        getTracker: (req) => usernameTracker((req as { body?: unknown }).body),
      },
    ],
  };
}

/** @nestjs/throttler's guard, used on the login route only (not global). */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(context.getType() !== 'http');
  }
}
