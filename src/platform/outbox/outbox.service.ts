import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assertIdsOnly, EventPayloads, EventTopic, EVENT_TOPICS, TOPICS } from './event-topics';

export interface OutboxBacklog {
  /** Written, not yet handed to the queues. */
  pending: number;
  oldestPendingSeconds: number;
  deadLetters: number;
}

@Injectable()
export class OutboxService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Writes an event inside the caller's transaction: it exists if and only if the change commits.
   * Pass the EntityManager of the running transaction; the event id is returned.
   */
  async write<T extends EventTopic>(
    manager: EntityManager,
    topic: T,
    payload: EventPayloads[T],
    opts: { availableAt?: Date } = {},
  ): Promise<string> {
    if (!EVENT_TOPICS.includes(topic)) throw new Error(`Unknown outbox topic ${topic}`);
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxService.write must be called inside a transaction');
    }
    assertIdsOnly(payload);
    const id = randomUUID();
    // An event whose handler comes with a later part waits at 'infinity', out of the relay's way; the
    // relay makes such events due when a handler for their topic exists (releaseAwaiting).
    const awaiting = TOPICS[topic].awaitingHandlerFrom !== undefined;
    await manager.query(
      `INSERT INTO outbox_events (id, topic, payload, available_at)
       VALUES ($1, $2, $3, CASE WHEN $5 THEN 'infinity'::timestamptz ELSE COALESCE($4, now()) END)`,
      [id, topic, JSON.stringify(payload), opts.availableAt ?? null, awaiting],
    );
    return id;
  }

  /**
   * Records that one queue has handled the event; once every queue of its topic has, the event is
   * delivered and the relay will not send it again.
   */
  async markDelivered(eventId: string, queue: string, queueCount: number): Promise<void> {
    if (queueCount <= 1) {
      // One queue: one statement, one round trip, nothing else to wait for.
      await this.dataSource.query(
        `WITH receipt AS (
           INSERT INTO event_receipts (event_id, handler, recipient) VALUES ($1, 'queue', $2) ON CONFLICT DO NOTHING
         )
         UPDATE outbox_events SET delivered_at = now() WHERE id = $1 AND delivered_at IS NULL`,
        [eventId, queue],
      );
      return;
    }
    // Several queues may finish at the same moment: each would miss the other's uncommitted receipt and
    // neither would set delivered_at. The event's row lock puts them one after the other, and the count
    // (a new snapshot after the lock) then sees the receipts committed before.
    await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT 1 FROM outbox_events WHERE id = $1 FOR UPDATE`, [eventId]);
      await m.query(
        `INSERT INTO event_receipts (event_id, handler, recipient) VALUES ($1, 'queue', $2) ON CONFLICT DO NOTHING`,
        [eventId, queue],
      );
      await m.query(
        `UPDATE outbox_events SET delivered_at = now()
          WHERE id = $1 AND delivered_at IS NULL
            AND (SELECT count(*) FROM event_receipts WHERE event_id = $1 AND handler = 'queue') >= $2`,
        [eventId, queueCount],
      );
    });
  }

  async backlog(): Promise<OutboxBacklog> {
    const [row] = await this.dataSource.query<{ pending: number; oldest: number; dead: number }[]>(
      `SELECT
         (SELECT count(*) FROM outbox_events WHERE sent_at IS NULL)::int AS pending,
         COALESCE(EXTRACT(EPOCH FROM now() - (SELECT min(created_at) FROM outbox_events WHERE sent_at IS NULL)), 0)::float AS oldest,
         (SELECT count(*) FROM dead_letters WHERE retried_at IS NULL)::int AS dead`,
    );
    return {
      pending: row?.pending ?? 0,
      oldestPendingSeconds: row?.oldest ?? 0,
      deadLetters: row?.dead ?? 0,
    };
  }
}
