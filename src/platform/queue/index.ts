export * from './queue-names';
export * from './handler.decorators';
export * from './handler-registry';
export * from './dead-letter.service';
export * from './job-options';
export * from './queue.module';
export * from './redis-connection';
export * from './job-metrics';
