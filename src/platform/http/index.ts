export * from './domain-error';
export * from './validation';
export * from './error-body';
export * from './exception.filter';
export * from './access.decorators';
export * from './access-decision.guard';
export * from './auth-user';
export * from './keyset';
