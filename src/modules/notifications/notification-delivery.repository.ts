import { Injectable } from '@nestjs/common';
import { col, firstRow, Queryable, rowShape } from '../../platform/database';

export interface ClaimedDelivery {
  id: string;
  /** pending, sent, skipped or failed */
  status: string;
}

const CLAIMED = rowShape('notification_deliveries', { id: col.uuid(), status: col.text() });

/** notification_deliveries: one row per (notification, outside channel), locked while it is sent. */
@Injectable()
export class NotificationDeliveryRepository {
  /** The delivery row of (notification, channel), written if new, locked until the transaction ends. */
  async claim(m: Queryable, notificationId: string, channel: string): Promise<ClaimedDelivery> {
    await m.query(
      `INSERT INTO notification_deliveries (notification_id, channel) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [notificationId, channel],
    );
    const row = await firstRow(
      m,
      `SELECT id, status FROM notification_deliveries WHERE notification_id = $1 AND channel = $2 FOR UPDATE`,
      [notificationId, channel],
    );
    if (row === undefined) throw new Error('notification delivery row missing after claim');
    return CLAIMED.parse(row);
  }

  async markSkipped(m: Queryable, id: string, reason: string): Promise<void> {
    await m.query(`UPDATE notification_deliveries SET status = 'skipped', last_error = $2 WHERE id = $1`, [
      id,
      reason,
    ]);
  }

  async markFailed(m: Queryable, id: string, reason: string): Promise<void> {
    await m.query(
      `UPDATE notification_deliveries SET status = 'failed', attempts = attempts + 1, last_error = $2 WHERE id = $1`,
      [id, reason],
    );
  }

  async markSent(m: Queryable, id: string): Promise<void> {
    await m.query(
      `UPDATE notification_deliveries
          SET status = 'sent', attempts = attempts + 1, sent_at = now(), last_error = NULL
        WHERE id = $1`,
      [id],
    );
  }
}
