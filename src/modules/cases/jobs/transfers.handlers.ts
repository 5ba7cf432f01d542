import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '../../../platform/outbox';
import { HandlesEvent, QueueName } from '../../../platform/queue';
import { NotificationsService } from '../../notifications';

/** Who hears of a transfer's step, and as what (notification-types.yaml). */
const TYPES: Readonly<Record<string, string>> = {
  requested: 'transfer_requested',
  accepted: 'transfer_accepted',
  declined: 'transfer_declined',
  cancelled: 'transfer_cancelled',
};

/**
 * A transfer's step told to the other side, by reference only (no name, no note, no reason): a request or
 * a cancellation to the receiving organisation's supervisors; a decision to the sending organisation's
 * supervisors and the one who asked. Idempotent: one notification per event and recipient.
 */
@Injectable()
export class TransfersHandlers {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
  ) {}

  @HandlesEvent('case.transfer_changed', { queue: QueueName.Notifications, name: 'cases.notify_transfer' })
  async notifyTransfer(event: EventEnvelope<'case.transfer_changed'>): Promise<{ created: number }> {
    const p = event.payload;
    const type = TYPES[p.status];
    if (!type) return { created: 0 };
    const toReceiver = p.status === 'requested' || p.status === 'cancelled';
    const recipients = toReceiver
      ? await this.notifications.supervisorsOf(p.toOrganizationId)
      : [...new Set([...(await this.notifications.supervisorsOf(p.fromOrganizationId)), p.requestedBy])];
    const ids = await this.dataSource.transaction((m) =>
      this.notifications.notify(m, {
        eventId: event.eventId,
        recipients,
        type,
        reference: p.reference,
        // The case's link only where its reader may open it: the receiver once accepted never gets one
        // here, the sender keeps it after a decline.
        ...(p.status === 'declined' ? { caseId: p.caseId } : {}),
      }),
    );
    return { created: ids.length };
  }
}
