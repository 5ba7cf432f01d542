import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { RedisService } from '../redis/redis.service';

/** The two dependencies Haven knows: PostgreSQL (the source of truth) and Redis (queues, counters). */
@Injectable()
export class DependencyIndicators {
  constructor(
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly redis: RedisService,
  ) {}

  database() {
    return this.typeorm.pingCheck('database', { timeout: 1_500 });
  }

  /** Redis down makes the API degraded (still ready: intake goes on) and the worker not ready. */
  async redisState(mode: 'degraded' | 'down') {
    const session = this.indicators.check('redis');
    if (await this.redis.ping(1_000)) return session.up();
    const data = { message: 'Redis is unreachable; queued work waits in PostgreSQL' };
    return mode === 'degraded' ? session.degraded(data) : session.down(data);
  }
}
