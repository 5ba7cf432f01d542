import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { exitOnSignals, installCrashHandlers, loadEnvOrExit, processLogger } from './platform/config';
import { startWorkerHealthServer, WorkerHealth } from './platform/health';
import { metricsAccess } from './platform/metrics/metrics-access';
import { WorkerMetrics } from './platform/metrics/worker-metrics';
import { nestLogger } from './platform/logging';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const env = loadEnvOrExit();
  const logger = processLogger(env, 'worker');
  installCrashHandlers(logger);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(env, logger), {
    logger: nestLogger(logger),
    abortOnError: false,
  });
  const server = await startWorkerHealthServer(
    app.get(WorkerHealth),
    env.WORKER_HEALTH_PORT,
    env.HOST,
    app.get(WorkerMetrics),
    metricsAccess(env),
  );
  logger.info({ port: env.WORKER_HEALTH_PORT }, 'Haven worker running');

  // The relay stops claiming, the processors finish their jobs in hand, then connections close.
  exitOnSignals(logger, 'worker', async () => {
    server.close();
    await app.close();
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`Haven worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
