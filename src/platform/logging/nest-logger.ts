import type { LoggerService } from '@nestjs/common';
import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';

/**
 * Nest's own messages (bootstrap, lifecycle, framework errors) through nestjs-pino on Haven's pino
 * instance, for the processes without HTTP (worker, CLI) and for the API before its module exists.
 * nestjs-pino keeps one root logger per process: the first one given here or to LoggerModule.
 */
export function nestLogger(logger: Logger): LoggerService {
  const params = { pinoHttp: { logger } };
  return new NestPinoLogger(new PinoLogger(params), params);
}
