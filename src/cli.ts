import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';
import { loadEnvOrExit, processLogger } from './platform/config';
import { nestLogger } from './platform/logging';

async function main(): Promise<void> {
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

main().catch((err: unknown) => {
  process.stderr.write(`haven cli failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
