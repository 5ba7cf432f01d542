import { Injectable } from '@nestjs/common';
import { changedCount, firstRow, rowsOf, run } from '../database/base.repository';
import { Queryable } from '../database/statements.sql';
import { col, rowShape } from '../database/row';

/** An outbox row claimed by the relay (or its sweep). */
export interface ClaimedEvent {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
}

/** A sent-but-undelivered event of the sweep, with the queues that finished it and those that gave up. */
export interface UndeliveredEvent extends ClaimedEvent {
  /** Queues whose receipt exists. */
  done: string[];
  /** Queues holding a dead letter for it. */
  dead: string[];
}

export interface OutboxCounts {
  pending: number;
  oldestPendingSeconds: number;
  deadLetters: number;
}

const CLAIMED = rowShape('outbox_events', {
  id: col.uuid(),
  topic: col.text(),
  payload: col.json<Record<string, unknown>>(),
  attempts: col.int(),
  created_at: col.time(),
});

const UNDELIVERED = rowShape('outbox_events (sweep)', {
  id: col.uuid(),
  topic: col.text(),
  payload: col.json<Record<string, unknown>>(),
  attempts: col.int(),
  created_at: col.time(),
  done: col.textArray(),
  dead: col.textArray(),
});

const BACKLOG = rowShape('outbox backlog', { pending: col.int(), oldest: col.number(), dead: col.int() });
const PROBE = rowShape('system_probes', { handled_at: col.time().orNull(), deliveries: col.int() });
const PURGED = rowShape('outbox purge', { events: col.int(), receipts: col.int(), probes: col.int() });

const claimed = (r: {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: Date;
}): ClaimedEvent => ({
  id: r.id,
  topic: r.topic,
  payload: r.payload,
  attempts: r.attempts,
  createdAt: r.created_at,
});

/**
 * Claims the unique key (event, handler, recipient) inside the handler's transaction. True the first
 * time; false when the event was already handled for that recipient, so the handler does nothing.
 */
export async function claimReceipt(
  m: Queryable,
  eventId: string,
  handler: string,
  recipient = '',
): Promise<boolean> {
  const rows = await rowsOf(
    m,
    `INSERT INTO event_receipts (event_id, handler, recipient) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [eventId, handler, recipient],
  );
  return rows.length === 1;
}

/**
 * The outbox's tables (outbox_events, event_receipts, system_probes) and the count of open dead
 * letters for its backlog. Statements only: the relay's and the service's rules stay with them.
 */
@Injectable()
export class OutboxRepository {
  /**
   * Writes an event. An event whose handler comes with a later part waits at available_at 'infinity'
   * (`awaiting`), out of the relay's way.
   */
  async insertEvent(
    m: Queryable,
    e: { id: string; topic: string; payload: unknown; availableAt: Date | null; awaiting: boolean },
  ): Promise<void> {
    await run(m, {
      text: `INSERT INTO outbox_events (id, topic, payload, available_at)
       VALUES ($1, $2, $3, CASE WHEN $5 THEN 'infinity'::timestamptz ELSE COALESCE($4, now()) END)`,
      values: [e.id, e.topic, JSON.stringify(e.payload), e.availableAt, e.awaiting],
    });
  }

  /** One queue's receipt and the event marked delivered, in one statement (a topic with one queue). */
  async receiptAndDelivered(q: Queryable, eventId: string, queue: string): Promise<void> {
    await run(q, {
      text: `WITH receipt AS (
           INSERT INTO event_receipts (event_id, handler, recipient) VALUES ($1, 'queue', $2) ON CONFLICT DO NOTHING
         )
         UPDATE outbox_events SET delivered_at = now() WHERE id = $1 AND delivered_at IS NULL`,
      values: [eventId, queue],
    });
  }

  /** Locks the event's row until the transaction ends (queues finishing together go one by one). */
  async lockEvent(m: Queryable, eventId: string): Promise<void> {
    await rowsOf(m, `SELECT 1 FROM outbox_events WHERE id = $1 FOR UPDATE`, [eventId]);
  }

  async insertQueueReceipt(m: Queryable, eventId: string, queue: string): Promise<void> {
    await run(m, {
      text: `INSERT INTO event_receipts (event_id, handler, recipient) VALUES ($1, 'queue', $2) ON CONFLICT DO NOTHING`,
      values: [eventId, queue],
    });
  }

  /** Marks the event delivered once `queueCount` queues have left their receipt. */
  async markDeliveredWhenAllReceipts(m: Queryable, eventId: string, queueCount: number): Promise<void> {
    await run(m, {
      text: `UPDATE outbox_events SET delivered_at = now()
          WHERE id = $1 AND delivered_at IS NULL
            AND (SELECT count(*) FROM event_receipts WHERE event_id = $1 AND handler = 'queue') >= $2`,
      values: [eventId, queueCount],
    });
  }

  async backlog(q: Queryable): Promise<OutboxCounts> {
    const row = await firstRow(
      q,
      `SELECT
         (SELECT count(*) FROM outbox_events WHERE sent_at IS NULL)::int AS pending,
         COALESCE(EXTRACT(EPOCH FROM now() - (SELECT min(created_at) FROM outbox_events WHERE sent_at IS NULL)), 0)::float AS oldest,
         (SELECT count(*) FROM dead_letters WHERE retried_at IS NULL)::int AS dead`,
    );
    if (!row) return { pending: 0, oldestPendingSeconds: 0, deadLetters: 0 };
    const r = BACKLOG.parse(row);
    return { pending: r.pending, oldestPendingSeconds: r.oldest, deadLetters: r.dead };
  }

  async insertProbe(m: Queryable, probeId: string): Promise<void> {
    await run(m, { text: `INSERT INTO system_probes (id) VALUES ($1)`, values: [probeId] });
  }

  async probeState(
    q: Queryable,
    probeId: string,
  ): Promise<{ handledAt: Date | null; deliveries: number } | undefined> {
    const row = await firstRow(q, `SELECT handled_at, deliveries FROM system_probes WHERE id = $1`, [
      probeId,
    ]);
    if (!row) return undefined;
    const r = PROBE.parse(row);
    return { handledAt: r.handled_at, deliveries: r.deliveries };
  }

  async markProbeHandled(m: Queryable, probeId: string): Promise<void> {
    await run(m, {
      text: `UPDATE system_probes SET handled_at = now(), deliveries = deliveries + 1 WHERE id = $1`,
      values: [probeId],
    });
  }

  /** Deletes sent events and probes older than `eventDays`, receipts older than `receiptDays`. */
  async purge(
    q: Queryable,
    eventDays: number,
    receiptDays: number,
  ): Promise<{ events: number; receipts: number; probes: number }> {
    const row = await firstRow(
      q,
      `WITH e AS (DELETE FROM outbox_events WHERE sent_at < now() - ($1::int * interval '1 day') RETURNING 1),
            r AS (DELETE FROM event_receipts WHERE handled_at < now() - ($2::int * interval '1 day') RETURNING 1),
            p AS (DELETE FROM system_probes WHERE created_at < now() - ($1::int * interval '1 day') RETURNING 1)
       SELECT (SELECT count(*) FROM e)::int AS events, (SELECT count(*) FROM r)::int AS receipts,
              (SELECT count(*) FROM p)::int AS probes`,
      [eventDays, receiptDays],
    );
    return row ? PURGED.parse(row) : { events: 0, receipts: 0, probes: 0 };
  }

  /** Events parked at 'infinity' whose topic now has a handler become due; how many did. */
  releaseAwaiting(q: Queryable, topics: readonly string[]): Promise<number> {
    return changedCount(
      q,
      `UPDATE outbox_events SET available_at = now()
          WHERE sent_at IS NULL AND available_at = 'infinity' AND topic = ANY($1::text[])`,
      [topics],
    );
  }

  /** Claims (FOR UPDATE SKIP LOCKED) events sent over `afterMs` ago and still not delivered. */
  async claimUndelivered(
    m: Queryable,
    opts: { afterMs: number; limit: number; topics: readonly string[] },
  ): Promise<UndeliveredEvent[]> {
    const rows = await rowsOf(
      m,
      `SELECT e.id, e.topic, e.payload, e.attempts, e.created_at,
                ARRAY(SELECT r.recipient FROM event_receipts r WHERE r.event_id = e.id AND r.handler = 'queue') AS done,
                ARRAY(SELECT d.queue FROM dead_letters d WHERE d.job_id = e.id::text) AS dead
           FROM outbox_events e
          WHERE e.sent_at IS NOT NULL AND e.delivered_at IS NULL
            AND e.sent_at < now() - ($1::int * interval '1 millisecond')
            AND e.topic = ANY($3::text[])
          ORDER BY e.sent_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [opts.afterMs, opts.limit, opts.topics],
    );
    return UNDELIVERED.parseAll(rows).map((r) => ({ ...claimed(r), done: r.done, dead: r.dead }));
  }

  /** Claims (FOR UPDATE SKIP LOCKED) up to `limit` due events of the handled topics, oldest first. */
  async claimDue(m: Queryable, opts: { limit: number; topics: readonly string[] }): Promise<ClaimedEvent[]> {
    const rows = await rowsOf(
      m,
      `SELECT id, topic, payload, attempts, created_at FROM outbox_events
          WHERE sent_at IS NULL AND available_at <= now() AND topic = ANY($2::text[])
          ORDER BY available_at, created_at, id
          LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [opts.limit, opts.topics],
    );
    return CLAIMED.parseAll(rows).map(claimed);
  }

  /** The events could not be enqueued: counted, the error kept, and due again after a backoff. */
  async markFailed(m: Queryable, ids: readonly string[], error: string, maxBackoffMs: number): Promise<void> {
    await run(m, {
      text: `UPDATE outbox_events SET attempts = attempts + 1, last_error = $2,
                  available_at = now() + (LEAST($3::bigint, 500 * power(2, LEAST(attempts + 1, 20))::bigint) * interval '1 millisecond')
            WHERE id = ANY($1::uuid[])`,
      values: [ids, error, maxBackoffMs],
    });
  }

  async markSent(m: Queryable, ids: readonly string[]): Promise<void> {
    await run(m, {
      text: `UPDATE outbox_events SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::uuid[])`,
      values: [ids],
    });
  }
}
