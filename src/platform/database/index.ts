export * from './database.module';
export * from './data-source-options';
export * from './sql-params';
export * from './sql';
export * from './row';
export * from './database-probe.repository';
