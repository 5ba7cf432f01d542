import { Injectable } from '@nestjs/common';
import { col, firstRow, PositionalParams, Queryable, rowShape, rowsOf } from '../../platform/database';
import type { ListCursor } from './domain/cursor';

/** A notification as its recipient reads it. */
export interface Notification {
  id: string;
  type: string;
  caseId: string | null;
  reference: string | null;
  referralId: string | null;
  /** In the first language (Vietnamese), as stored. */
  title: string;
  createdAt: Date;
  readAt: Date | null;
  /** created_at in microseconds since the epoch (PostgreSQL's precision), for the keyset cursor. */
  createdAtMicros: string;
}

/** What the outside channels send: no more than the title (ids and a reference, never personal data). */
export interface NotificationToDeliver {
  id: string;
  recipientId: string;
  type: string;
  title: string;
}

export interface NewNotifications {
  eventId: string;
  recipients: readonly string[];
  type: string;
  caseId: string | null;
  reference: string | null;
  referralId: string | null;
  title: string;
}

const ROW = rowShape('notifications', {
  id: col.uuid(),
  type: col.text(),
  case_id: col.uuid().orNull(),
  reference: col.text().orNull(),
  referral_id: col.uuid().orNull(),
  title: col.text(),
  created_at: col.time(),
  read_at: col.time().orNull(),
  micros: col.text().as('(extract(epoch FROM {a}.created_at) * 1000000)::bigint::text'),
});

const TO_DELIVER = rowShape('notifications', {
  id: col.uuid(),
  recipient_id: col.uuid(),
  type: col.text(),
  title: col.text(),
});

const ID = rowShape('notifications', { id: col.uuid() });
const COUNT = rowShape('count', { n: col.int() });

const notificationOf = (raw: unknown): Notification => {
  const r = ROW.parse(raw);
  return {
    id: r.id,
    type: r.type,
    caseId: r.case_id,
    reference: r.reference,
    referralId: r.referral_id,
    title: r.title,
    createdAt: r.created_at,
    readAt: r.read_at,
    createdAtMicros: r.micros,
  };
};

/** notifications: one row per (event, recipient); read and marked read by the recipient only. */
@Injectable()
export class NotificationRepository {
  /**
   * One notification per recipient for the event; a recipient the event already notified gets none (the
   * unique (event_id, recipient_id) index). The ids of those created.
   */
  async insertForRecipients(m: Queryable, n: NewNotifications): Promise<string[]> {
    const rows = await rowsOf(
      m,
      `INSERT INTO notifications (recipient_id, type, case_id, reference, referral_id, title, event_id)
       SELECT r, $2, $3, $4, $5, $6, $7 FROM unnest($1::uuid[]) AS r
       ON CONFLICT (event_id, recipient_id) WHERE event_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [[...n.recipients], n.type, n.caseId, n.reference, n.referralId, n.title, n.eventId],
    );
    return ID.parseAll(rows).map((r) => r.id);
  }

  /** The recipient's notifications newest first, after the cursor; `limit` rows. */
  async pageForRecipient(
    q: Queryable,
    recipientId: string,
    opts: { unreadOnly: boolean; after?: ListCursor },
    limit: number,
  ): Promise<Notification[]> {
    const p = new PositionalParams();
    const where = [`recipient_id = ${p.add(recipientId)}`];
    if (opts.unreadOnly) where.push('read_at IS NULL');
    if (opts.after) {
      where.push(
        `(created_at, id) < ('epoch'::timestamptz + ${p.add(opts.after.createdAtMicros)}::bigint * interval '1 microsecond', ${p.add(opts.after.id)}::uuid)`,
      );
    }
    const rows = await rowsOf(
      q,
      `SELECT ${ROW.columns()} FROM notifications WHERE ${where.join(' AND ')}
        ORDER BY created_at DESC, id DESC LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map(notificationOf);
  }

  /** Marks the recipient's notification read (the first time stays); undefined when it is not theirs. */
  async markRead(q: Queryable, id: string, recipientId: string): Promise<Notification | undefined> {
    const row = await firstRow(
      q,
      `WITH u AS (UPDATE notifications SET read_at = COALESCE(read_at, now())
                   WHERE id = $1 AND recipient_id = $2 RETURNING *)
       SELECT ${ROW.columns()} FROM u`,
      [id, recipientId],
    );
    return row === undefined ? undefined : notificationOf(row);
  }

  async countUnread(q: Queryable, recipientId: string): Promise<number> {
    const row = await firstRow(
      q,
      `SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1 AND read_at IS NULL`,
      [recipientId],
    );
    return row === undefined ? 0 : COUNT.parse(row).n;
  }

  /** Marks every unread notification of the recipient read; how many it marked. */
  async markAllRead(q: Queryable, recipientId: string): Promise<number> {
    const rows = await rowsOf(
      q,
      `WITH u AS (UPDATE notifications SET read_at = now()
                   WHERE recipient_id = $1 AND read_at IS NULL RETURNING id)
       SELECT id FROM u`,
      [recipientId],
    );
    return rows.length;
  }

  async findToDeliver(q: Queryable, id: string): Promise<NotificationToDeliver | undefined> {
    const row = await firstRow(q, `SELECT ${TO_DELIVER.columns()} FROM notifications WHERE id = $1`, [id]);
    if (row === undefined) return undefined;
    const r = TO_DELIVER.parse(row);
    return { id: r.id, recipientId: r.recipient_id, type: r.type, title: r.title };
  }
}
