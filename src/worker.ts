import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { installCrashHandlers, loadEnvOrExit, processLogger } from './platform/config';
import { startWorkerHealthServer, WorkerHealth } from './platform/health';
import { PinoLoggerService } from './platform/logging';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const env = loadEnvOrExit();
  const logger = processLogger(env, 'worker');
  installCrashHandlers(logger);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(env, logger), {
    logger: new PinoLoggerService(logger),
  });
  const server = await startWorkerHealthServer(app.get(WorkerHealth), env.WORKER_HEALTH_PORT, env.HOST);
  logger.info({ port: env.WORKER_HEALTH_PORT }, 'Haven worker running');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping: finishing jobs in hand');
    server.close();
    // app.close() stops the relay, lets the processors finish their jobs, then closes connections.
    app.close().then(
      () => {
        logger.info({}, 'worker stopped');
        logger.flush();
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'worker did not stop cleanly');
        logger.flush();
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Haven worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
