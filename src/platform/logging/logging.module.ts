import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { httpLoggingParams } from './http-logging';

export const PINO = Symbol('PINO_LOGGER');

/**
 * Haven's pino instance for injection (PINO), and nestjs-pino's LoggerModule on the same instance: the
 * request log line of every HTTP request and Nest's Logger.
 */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot(httpLoggingParams(logger))],
      providers: [{ provide: PINO, useValue: logger }],
      exports: [PINO],
    };
  }
}
