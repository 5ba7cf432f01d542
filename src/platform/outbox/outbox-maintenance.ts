import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HandlesEvent, HandlesJob } from '../queue/handler.decorators';
import { JobName, QueueName } from '../queue/queue-names';
import type { EventEnvelope } from './event-topics';
import { claimReceipt } from './event-receipts';
import { OutboxService } from './outbox.service';

export const OUTBOX_RETENTION_DAYS = 7;
export const RECEIPT_RETENTION_DAYS = 30;

/** The pipeline's own upkeep: the end-to-end probe and the purge of old sent events and receipts. */
@Injectable()
export class OutboxMaintenance {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /** Writes a probe and its event in one transaction; the worker marks it handled. */
  async writeProbe(): Promise<string> {
    const probeId = randomUUID();
    await this.dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO system_probes (id) VALUES ($1)`, [probeId]);
      await this.outbox.write(m, 'system.probe', { probeId });
    });
    return probeId;
  }

  async probeState(probeId: string): Promise<{ handledAt: Date | null; deliveries: number } | undefined> {
    const [row] = await this.dataSource.query<{ handled_at: Date | null; deliveries: number }[]>(
      `SELECT handled_at, deliveries FROM system_probes WHERE id = $1`,
      [probeId],
    );
    return row ? { handledAt: row.handled_at, deliveries: row.deliveries } : undefined;
  }

  @HandlesEvent('system.probe', { queue: QueueName.Maintenance, name: 'platform.record_probe' })
  async recordProbe(event: EventEnvelope<'system.probe'>): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (!(await claimReceipt(m, event.eventId, 'platform.record_probe'))) return;
      await m.query(
        `UPDATE system_probes SET handled_at = now(), deliveries = deliveries + 1 WHERE id = $1`,
        [event.payload.probeId],
      );
    });
  }

  @HandlesJob(JobName.PurgeOutbox, { queue: QueueName.Maintenance })
  async purge(): Promise<{ events: number; receipts: number; probes: number }> {
    const [r] = await this.dataSource.query<{ events: number; receipts: number; probes: number }[]>(
      `WITH e AS (DELETE FROM outbox_events WHERE sent_at < now() - interval '${OUTBOX_RETENTION_DAYS} days' RETURNING 1),
            r AS (DELETE FROM event_receipts WHERE handled_at < now() - interval '${RECEIPT_RETENTION_DAYS} days' RETURNING 1),
            p AS (DELETE FROM system_probes WHERE created_at < now() - interval '${OUTBOX_RETENTION_DAYS} days' RETURNING 1)
       SELECT (SELECT count(*) FROM e)::int AS events, (SELECT count(*) FROM r)::int AS receipts,
              (SELECT count(*) FROM p)::int AS probes`,
    );
    return r ?? { events: 0, receipts: 0, probes: 0 };
  }
}
