export * from './health.module';
export * from './worker-health';
