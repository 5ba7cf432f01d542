import { Controller, Get, HttpException, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../http/access.decorators';
import { DependencyIndicators } from './health.indicators';

type Details = Record<string, Record<string, unknown>>;

class LivenessDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'error'] }) status!: 'ok' | 'degraded' | 'error';
  @ApiProperty({
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: { status: { type: 'string', enum: ['up', 'down'] } },
    },
    description: 'Each dependency (database, redis) with its status',
  })
  details!: Details;
}

/**
 * The API's health. Ready while PostgreSQL answers; Redis's state is reported in the body but does not
 * make the API unready, because intake goes on without Redis (docs/DESIGN.md §5).
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly deps: DependencyIndicators,
  ) {}

  @Get('live')
  @Public('liveness probe for the orchestrator; says nothing about data')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: LivenessDto })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public('readiness probe for the load balancer; reports dependency states only')
  @ApiOperation({ summary: 'Readiness: 503 when PostgreSQL is down; Redis state in the body' })
  @ApiResponse({
    status: 200,
    type: ReadinessDto,
    description: 'PostgreSQL answers; redis.status is up or down (degraded)',
  })
  @ApiResponse({ status: 503, type: ReadinessDto, description: 'PostgreSQL does not answer' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    const [database, redisUp] = await Promise.all([this.checkDatabase(), this.deps.redisUp()]);
    const redis = redisUp
      ? { status: 'up' }
      : { status: 'down', impact: 'degraded: notifications and background work wait until Redis is back' };
    const details: Details = { ...database.details, redis };
    void reply.status(database.ok ? 200 : 503);
    return { status: database.ok ? (redisUp ? 'ok' : 'degraded') : 'error', details };
  }

  private async checkDatabase(): Promise<{ ok: boolean; details: Details }> {
    try {
      const result = await this.health.check([() => this.deps.database()]);
      return { ok: true, details: result.details as Details };
    } catch (e) {
      if (!(e instanceof HttpException)) throw e;
      const body = e.getResponse() as { details?: Details };
      return { ok: false, details: body.details ?? { database: { status: 'down' } } };
    }
  }
}
