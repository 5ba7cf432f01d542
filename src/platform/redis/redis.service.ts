import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import IORedis, { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ENV } from '../config/env.module';
import { Env } from '../config/env.schema';
import { PINO } from '../logging/logging.module';
import { redisOptionsFromUrl } from '../queue/redis-connection';

/**
 * A Redis connection for quick checks and counters. It never queues commands while Redis is away, so a
 * caller learns at once that Redis is down instead of waiting: Haven keeps working without Redis.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly client: Redis;
  private lastState: 'up' | 'down' | undefined;
  private closing = false;

  constructor(
    @Inject(ENV) env: Env,
    @Inject(PINO) private readonly logger: Logger,
  ) {
    this.client = new IORedis({
      ...redisOptionsFromUrl(env.REDIS_URL),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      lazyConnect: false,
    });
    this.client.on('ready', () => {
      this.note('up');
    });
    this.client.on('error', () => {
      this.note('down');
    });
    this.client.on('end', () => {
      this.note('down');
    });
  }

  isReady(): boolean {
    return this.client.status === 'ready';
  }

  /** Round trip to Redis within the timeout; false when it is down or slow. */
  async ping(timeoutMs = 1_000): Promise<boolean> {
    if (!this.isReady()) return false;
    try {
      const result: string = await Promise.race([
        this.client.ping(),
        new Promise<never>((_, reject) =>
          setTimeout(() => {
            reject(new Error('timeout'));
          }, timeoutMs).unref(),
        ),
      ]);
      return result === 'PONG';
    } catch {
      return false;
    }
  }

  private note(state: 'up' | 'down'): void {
    if (this.closing || state === this.lastState) return;
    this.lastState = state;
    if (state === 'down')
      this.logger.warn({ dependency: 'redis' }, 'Redis is unreachable; work that needs it waits');
    else this.logger.info({ dependency: 'redis' }, 'Redis is reachable');
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.client.disconnect();
    await Promise.resolve();
  }
}
