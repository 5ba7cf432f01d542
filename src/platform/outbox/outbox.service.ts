import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxRepository } from './outbox.repository';
import { assertIdsOnly, EventPayloads, EventTopic, EVENT_TOPICS, TOPICS } from './event-topics';

export interface OutboxBacklog {
  /** Written, not yet handed to the queues. */
  pending: number;
  oldestPendingSeconds: number;
  deadLetters: number;
}

@Injectable()
export class OutboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: OutboxRepository = new OutboxRepository(),
  ) {}

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
    await this.events.insertEvent(manager, {
      id,
      topic,
      payload,
      availableAt: opts.availableAt ?? null,
      awaiting,
    });
    return id;
  }

  /**
   * Records that one queue has handled the event; once every queue of its topic has, the event is
   * delivered and the relay will not send it again.
   */
  async markDelivered(eventId: string, queue: string, queueCount: number): Promise<void> {
    if (queueCount <= 1) {
      // One queue: one statement, one round trip, nothing else to wait for.
      await this.events.receiptAndDelivered(this.dataSource, eventId, queue);
      return;
    }
    // Several queues may finish at the same moment: each would miss the other's uncommitted receipt and
    // neither would set delivered_at. The event's row lock puts them one after the other, and the count
    // (a new snapshot after the lock) then sees the receipts committed before.
    await this.dataSource.transaction(async (m) => {
      await this.events.lockEvent(m, eventId);
      await this.events.insertQueueReceipt(m, eventId, queue);
      await this.events.markDeliveredWhenAllReceipts(m, eventId, queueCount);
    });
  }

  backlog(): Promise<OutboxBacklog> {
    return this.events.backlog(this.dataSource);
  }
}
