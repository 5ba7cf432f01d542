import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';

export const PINO = Symbol('PINO_LOGGER');

@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: PINO, useValue: logger }],
      exports: [PINO],
    };
  }
}
