import { Global, Module } from '@nestjs/common';
import { OutboxMaintenance } from './outbox-maintenance';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

/** Writing events: every process that changes data imports this (the relay is in WorkerRuntimeModule). */
@Global()
@Module({
  providers: [OutboxRepository, OutboxService, OutboxMaintenance],
  exports: [OutboxRepository, OutboxService, OutboxMaintenance],
})
export class OutboxModule {}
