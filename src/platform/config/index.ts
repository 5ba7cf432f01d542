export * from './env.schema';
export * from './env.module';
export * from './app-root';
export * from './bootstrap';
