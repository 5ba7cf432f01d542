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

  /** Redis as a health indicator: down fails the check (the worker's readiness). */
  async redisIndicator() {
    const session = this.indicators.check('redis');
    return (await this.redis.ping(1_000))
      ? session.up()
      : session.down({ message: 'Redis is unreachable; queued work waits in PostgreSQL' });
  }

  async redisUp(): Promise<boolean> {
    return this.redis.ping(1_000);
  }
}
