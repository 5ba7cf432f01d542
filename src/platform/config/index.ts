export * from './env.schema';
export * from './env.module';
export * from './app-root';
export * from './bootstrap';
export { displayConfigPath, readConfigFile } from './config-file';
