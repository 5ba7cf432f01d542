import type { Logger } from 'pino';
import { createLogger } from '../logging/logger';
import { ConfigurationError, Env, loadEnv } from './env.schema';
import { unsupportedRuntime } from './runtime';

/**
 * Checks the runtime, then validates the environment, before anything else starts. On a bad setting it writes which setting and
 * why to stderr and exits non-zero; it never prints a setting's value.
 */
export function loadEnvOrExit(): Env {
  const runtime = unsupportedRuntime(process.version);
  if (runtime !== null) {
    process.stderr.write(`${runtime}\n`);
    process.exit(78); // EX_CONFIG
  }
  try {
    return loadEnv(process.env);
  } catch (e) {
    if (e instanceof ConfigurationError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
}

export function processLogger(env: Env, component: string): Logger {
  return createLogger({ level: env.LOG_LEVEL, base: { component, env: env.NODE_ENV } });
}

/** Last-resort handlers: log the error's class and stack frames, never its message's data, and exit. */
export function installCrashHandlers(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled rejection');
    process.exitCode = 1;
  });
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    logger.flush();
    process.exit(1);
  });
}

/**
 * On SIGTERM or SIGINT: runs `close` once (stop taking work, finish what is in hand, close connections),
 * then exits 0, or 1 when closing failed.
 */
export function exitOnSignals(
  logger: Logger,
  name: string,
  close: () => Promise<void>,
  graceMs = 25_000,
): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${name} stopping: finishing work in hand`);
    // Work in hand gets a grace period; past it the process exits anyway (the orchestrator would kill it).
    setTimeout(() => {
      logger.error({ graceMs }, `${name} did not stop within the grace period`);
      logger.flush();
      process.exit(1);
    }, graceMs).unref();
    close().then(
      () => {
        logger.info({}, `${name} stopped`);
        logger.flush();
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, `${name} did not stop cleanly`);
        logger.flush();
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
}
