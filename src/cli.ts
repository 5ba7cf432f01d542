import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';
import { loadEnvOrExit, processLogger, withLocalDefaults } from './platform/config';
import { nestLogger } from './platform/logging';

async function main(): Promise<void> {
  useLocalDefaults();
  const env = loadEnvOrExit();
  // Commands print their results on stdout; the logger only speaks up for warnings and errors.
  const logger = processLogger({ ...env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }, 'cli');
  await CommandFactory.run(CliModule.forRoot(env, logger), {
    logger: nestLogger(logger),
    cliName: 'haven',
    errorHandler: (err) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    },
    serviceErrorHandler: (err) => {
      process.stderr.write(`${err.name}: ${err.message}\n`);
      process.exit(1);
    },
  });
}

/** Outside production and test, the settings `start:local` uses (so a command reaches its database). */
function useLocalDefaults(): void {
  const local = withLocalDefaults(process.env);
  for (const key of local.filled) process.env[key] = local.env[key];
  if (local.filled.length) {
    process.stderr.write(`Using the local defaults of start:local for ${local.filled.join(', ')}.\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`haven cli failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
