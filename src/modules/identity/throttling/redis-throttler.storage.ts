import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type { Logger } from 'pino';
import { ENV, Env } from '../../../platform/config';
import { PINO } from '../../../platform/logging';
import { withTimeout } from '../../../platform/queue/with-timeout';
import { RedisService } from '../../../platform/redis';

/** One fixed window per key: INCR, and the window's expiry set by the first hit. */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { hits, ttl }
`;

const REDIS_TIMEOUT_MS = 500;

/**
 * @nestjs/throttler's storage on Redis, so that the limits hold across every API process. Keys live
 * under REDIS_KEY_PREFIX and are hashes (they never hold an address or a username).
 *
 * When Redis does not answer, the limiter fails open: the request goes on, the outage is logged once
 * (and its end once), and the lockout in PostgreSQL still protects every account.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private failingOpen = false;
  private scriptSha?: string;

  constructor(
    private readonly redis: RedisService,
    @Inject(ENV) private readonly env: Env,
    @Inject(PINO) private readonly logger: Logger,
    /** What the limits guard, in the outage's log lines ("sign-in", "duplicate-check"). */
    private readonly purpose = 'sign-in',
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const redisKey = `${this.env.REDIS_KEY_PREFIX}:throttle:${throttlerName}:${hashed(key)}`;
    try {
      const [hits, pttl] = await withTimeout(this.run(redisKey, ttl), REDIS_TIMEOUT_MS);
      if (this.failingOpen) {
        this.failingOpen = false;
        this.logger.info(
          { dependency: 'redis', component: 'rate-limit' },
          `${this.purpose} rate limits hold again`,
        );
      }
      const timeToExpire = Math.max(1, Math.ceil(pttl / 1000));
      const isBlocked = hits > limit;
      return { totalHits: hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
    } catch {
      if (!this.failingOpen) {
        this.failingOpen = true;
        this.logger.warn(
          { dependency: 'redis', component: 'rate-limit' },
          `Redis is unreachable: ${this.purpose} rate limits are not enforced (failing open)${
            this.purpose === 'sign-in' ? '; the account lockout still holds' : ''
          }`,
        );
      }
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  private async run(redisKey: string, ttlMs: number): Promise<[number, number]> {
    const client = this.redis.client;
    if (this.scriptSha) {
      try {
        return (await client.evalsha(this.scriptSha, 1, redisKey, String(ttlMs))) as [number, number];
      } catch (e) {
        // A restarted Redis forgets its scripts: load it again.
        if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e;
      }
    }
    this.scriptSha = (await client.script('LOAD', INCREMENT)) as string;
    return (await client.evalsha(this.scriptSha, 1, redisKey, String(ttlMs))) as [number, number];
  }
}

function hashed(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
