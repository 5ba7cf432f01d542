export * from './redaction';
export * from './logger';
export * from './logging.module';
