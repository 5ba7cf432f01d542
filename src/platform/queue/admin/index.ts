export * from './dead-letter-admin.service';
export * from './dead-letter-admin.module';
export * from './dead-letter-retry.handler';
