import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ENV, Env } from '../../platform/config';
import { DomainError } from '../../platform/http';
import { PINO } from '../../platform/logging';
import { RedisService } from '../../platform/redis';
import { RedisThrottlerStorage } from '../identity';
import './cases.errors';

const WINDOW_MS = 60_000;

/**
 * How many duplicate checks one user makes a minute (CASE_DUPLICATE_CHECKS_PER_MINUTE). The check answers
 * whether a phone number or a national ID is known to the organisation: without a bound an account could
 * walk through numbers. An operator typing during a call makes a handful a minute; one more than the
 * limit answers 429 CASE_DUPLICATE_CHECK_LIMIT with Retry-After. The counter is @nestjs/throttler's Redis
 * storage (shared by every API process, keyed by a hash of the user id; fails open when Redis is away,
 * logged once, as the sign-in limits do).
 */
@Injectable()
export class DuplicateCheckLimit {
  private readonly storage: RedisThrottlerStorage;

  constructor(
    redis: RedisService,
    @Inject(ENV) private readonly env: Env,
    @Inject(PINO) logger: Logger,
  ) {
    this.storage = new RedisThrottlerStorage(redis, env, logger, 'duplicate-check');
  }

  /** Counts one check of this user; refuses it when the minute's checks are spent. */
  async take(userId: string): Promise<void> {
    const limit = this.env.CASE_DUPLICATE_CHECKS_PER_MINUTE;
    const r = await this.storage.increment(`user:${userId}`, WINDOW_MS, limit, 0, 'case-duplicate-check');
    if (r.isBlocked) {
      throw new DomainError('CASE_DUPLICATE_CHECK_LIMIT', { perMinute: limit, retryAfter: r.timeToExpire });
    }
  }
}
