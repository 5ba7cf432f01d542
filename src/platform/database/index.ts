export * from './database.module';
export * from './data-source-options';
export * from './sql-params';
export * from './statements.sql';
export * from './base.repository';
export * from './row';
export * from './database-probe.repository';
