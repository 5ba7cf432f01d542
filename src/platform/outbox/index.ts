export * from './event-topics';
export * from './outbox.service';
export * from './outbox.module';
export * from './outbox-relay';
export * from './outbox-maintenance';
export * from './outbox.repository';
