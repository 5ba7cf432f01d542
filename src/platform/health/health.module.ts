import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { DependencyIndicators } from './health.indicators';
import { WorkerHealth } from './worker-health';

const terminus = TerminusModule.forRoot({ errorLogStyle: 'json', logger: false });

/** The API's /health routes. */
@Module({ imports: [terminus], controllers: [HealthController], providers: [DependencyIndicators] })
export class HealthModule {}

/** The worker's readiness check and metrics, served by startWorkerHealthServer. */
@Module({
  imports: [terminus],
  providers: [DependencyIndicators, WorkerHealth, WorkerMetrics],
  exports: [WorkerHealth, WorkerMetrics],
})
export class WorkerHealthModule {}
