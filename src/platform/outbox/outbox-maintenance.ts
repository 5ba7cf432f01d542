import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HandlesEvent, HandlesJob } from '../queue/handler.decorators';
import { JobName, QueueName } from '../queue/queue-names';
import type { EventEnvelope } from './event-topics';
import { claimReceipt, OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

export const OUTBOX_RETENTION_DAYS = 7;
export const RECEIPT_RETENTION_DAYS = 30;

/** The pipeline's own upkeep: the end-to-end probe and the purge of old sent events and receipts. */
@Injectable()
export class OutboxMaintenance {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly events: OutboxRepository,
  ) {}

  /** Writes a probe and its event in one transaction; the worker marks it handled. */
  async writeProbe(): Promise<string> {
    const probeId = randomUUID();
    await this.dataSource.transaction(async (m) => {
      await this.events.insertProbe(m, probeId);
      await this.outbox.write(m, 'system.probe', { probeId });
    });
    return probeId;
  }

  probeState(probeId: string): Promise<{ handledAt: Date | null; deliveries: number } | undefined> {
    return this.events.probeState(this.dataSource, probeId);
  }

  @HandlesEvent('system.probe', { queue: QueueName.Maintenance, name: 'platform.record_probe' })
  async recordProbe(event: EventEnvelope<'system.probe'>): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (!(await claimReceipt(m, event.eventId, 'platform.record_probe'))) return;
      await this.events.markProbeHandled(m, event.payload.probeId);
    });
  }

  @HandlesJob(JobName.PurgeOutbox, { queue: QueueName.Maintenance })
  purge(): Promise<{ events: number; receipts: number; probes: number }> {
    return this.events.purge(this.dataSource, OUTBOX_RETENTION_DAYS, RECEIPT_RETENTION_DAYS);
  }
}
