export * from './env.schema';
export * from './env.module';
export * from './app-root';
export * from './bootstrap';
export * from './local-defaults';
export { displayConfigPath, readConfigFile } from './config-file';
export * from './settings-file';
