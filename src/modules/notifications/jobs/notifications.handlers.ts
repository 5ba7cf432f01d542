import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '../../../platform/outbox';
import { HandlesEvent, QueueName } from '../../../platform/queue';
import { IdentityDirectoryService } from '../../identity';
import { DeliveryOutcome, ExternalDeliveryService } from '../external-delivery.service';
import { NotificationsService } from '../notifications.service';

/** The notifications module's event handlers; each is idempotent (docs/DESIGN.md §5). */
@Injectable()
export class NotificationsHandlers {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly delivery: ExternalDeliveryService,
    private readonly directory: IdentityDirectoryService,
  ) {}

  /** A user's roles or organisation changed: every active supervisor of each organisation concerned is told, once. */
  @HandlesEvent('user.roles_changed', { queue: QueueName.Notifications, name: 'notifications.role_changed' })
  async roleChanged(event: EventEnvelope<'user.roles_changed'>): Promise<{ created: number }> {
    const recipients: string[] = [];
    for (const organizationId of new Set(event.payload.organizationIds)) {
      recipients.push(...(await this.notifications.supervisorsOf(organizationId)));
    }
    const ids = await this.dataSource.transaction((m) =>
      this.notifications.notify(m, { eventId: event.eventId, recipients, type: 'role_changed' }),
    );
    return { created: ids.length };
  }

  /** An account change waits: whoever may confirm it is told (issue 12, Security 1). */
  @HandlesEvent('account_change.requested', {
    queue: QueueName.Notifications,
    name: 'notifications.account_change_requested',
  })
  async accountChangeRequested(
    event: EventEnvelope<'account_change.requested'>,
  ): Promise<{ created: number }> {
    const recipients = await this.directory.confirmersOf(event.payload.userId, event.payload.requestedBy);
    const ids = await this.dataSource.transaction((m) =>
      this.notifications.notify(m, { eventId: event.eventId, recipients, type: 'account_change_requested' }),
    );
    return { created: ids.length };
  }

  /** An account change was confirmed: the user and her supervisors are told. */
  @HandlesEvent('account_change.confirmed', {
    queue: QueueName.Notifications,
    name: 'notifications.account_change_confirmed',
  })
  async accountChangeConfirmed(
    event: EventEnvelope<'account_change.confirmed'>,
  ): Promise<{ created: number }> {
    const recipients = [
      event.payload.userId,
      ...(await this.notifications.supervisorsOf(event.payload.organizationId)),
    ];
    const ids = await this.dataSource.transaction((m) =>
      this.notifications.notify(m, { eventId: event.eventId, recipients, type: 'account_change_confirmed' }),
    );
    return { created: ids.length };
  }

  /** A notification was created: out on the configured outside channel, once. */
  @HandlesEvent('notification.created', {
    queue: QueueName.Notifications,
    name: 'notifications.deliver_external',
  })
  async deliverExternal(event: EventEnvelope<'notification.created'>): Promise<{ outcome: DeliveryOutcome }> {
    return { outcome: await this.delivery.deliver(event.payload.notificationId) };
  }
}
