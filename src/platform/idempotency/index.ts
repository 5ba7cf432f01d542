export * from './idempotency.service';
export * from './idempotency-key.decorator';
export * from './idempotency.module';
export * from './canonical-json';
export * from './idempotent.decorator';
