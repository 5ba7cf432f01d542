import 'reflect-metadata';
import { AppModule } from './app.module';
import { exitOnSignals, installCrashHandlers, loadEnvOrExit, processLogger } from './platform/config';
import { createApiApp } from './platform/http/create-api-app';

async function main(): Promise<void> {
  const env = loadEnvOrExit();
  const logger = processLogger(env, 'api');
  installCrashHandlers(logger);
  if (env.NODE_ENV !== 'production') {
    logger.warn(
      { nodeEnv: env.NODE_ENV },
      'running with development conveniences; never use this in production',
    );
  }
  const app = await createApiApp(AppModule.forRoot(env, logger), env);
  await app.listen(env.PORT, env.HOST);
  logger.info({ port: env.PORT }, 'Haven API listening');

  // Fastify stops accepting, lets requests in flight finish, then Nest closes the pools.
  exitOnSignals(logger, 'API', () => app.close());
}

main().catch((err: unknown) => {
  process.stderr.write(`Haven API failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
