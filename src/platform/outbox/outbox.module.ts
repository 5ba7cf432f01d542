import { Global, Module } from '@nestjs/common';
import { OutboxMaintenance } from './outbox-maintenance';
import { OutboxService } from './outbox.service';

/** Writing events: every process that changes data imports this (the relay is in WorkerRuntimeModule). */
@Global()
@Module({ providers: [OutboxService, OutboxMaintenance], exports: [OutboxService, OutboxMaintenance] })
export class OutboxModule {}
