import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../http/access.decorators';
import { DependencyIndicators } from './health.indicators';

/** The API's health: ready while PostgreSQL answers; Redis's state is reported but does not fail it. */
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
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public('readiness probe for the load balancer; reports dependency states only')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: 503 when PostgreSQL is down; Redis state in the body' })
  ready() {
    return this.health.check([() => this.deps.database(), () => this.deps.redisState('degraded')]);
  }
}
