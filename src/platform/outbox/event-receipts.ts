import { EntityManager } from 'typeorm';

/**
 * Claims the unique key (event, handler, recipient) inside the handler's transaction. True the first
 * time; false when the event was already handled for that recipient, so the handler does nothing.
 */
export async function claimReceipt(
  manager: EntityManager,
  eventId: string,
  handler: string,
  recipient = '',
): Promise<boolean> {
  const rows = await manager.query<unknown[]>(
    `INSERT INTO event_receipts (event_id, handler, recipient) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [eventId, handler, recipient],
  );
  return rows.length === 1;
}
