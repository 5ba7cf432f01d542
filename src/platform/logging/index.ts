export * from './redaction';
export * from './logger';
export * from './logging.module';
export * from './http-logging';
export * from './nest-logger';
