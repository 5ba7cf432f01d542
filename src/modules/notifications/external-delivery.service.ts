import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { PINO } from '../../platform/logging';
import { IdentityDirectoryService } from '../identity';
import {
  DeliveryChannel,
  EXTERNAL_SENDER,
  ExternalDeliveryError,
  ExternalSender,
} from './channels/external-sender';
import { composeOutsideMessage } from './domain/outside-message';
import { NotificationDeliveryRepository } from './notification-delivery.repository';
import { NotificationRepository } from './notification.repository';

export type DeliveryOutcome = 'sent' | 'skipped' | 'failed' | 'already_done' | 'channel_off';

/**
 * Sends a notification on the configured outside channel, once per (notification, channel): the
 * notification_deliveries row is claimed and locked for the send, and a row already `sent` or `skipped`
 * ends the work. A send that fails for a passing reason throws, so the job retries it; a permanent
 * refusal is recorded as `failed` and not retried. A crash between the send and the commit can repeat one
 * message (at least once, as any SMTP client): never more than that, never two workers at once.
 */
@Injectable()
export class ExternalDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
    private readonly deliveries: NotificationDeliveryRepository,
    @Inject(EXTERNAL_SENDER) private readonly sender: ExternalSender | null,
    private readonly directory: IdentityDirectoryService,
    @Inject(PINO) private readonly logger: Logger,
  ) {}

  async deliver(notificationId: string): Promise<DeliveryOutcome> {
    const sender = this.sender;
    if (!sender) return 'channel_off';
    const n = await this.notifications.findToDeliver(this.dataSource.manager, notificationId);
    if (!n) return 'skipped';
    // Read before the transaction: no connection is held while another is asked for.
    const to = await this.addressOf(sender.channel, n.recipientId);

    let failure: ExternalDeliveryError | undefined;
    const outcome = await this.dataSource.transaction(async (m): Promise<DeliveryOutcome> => {
      const d = await this.deliveries.claim(m, n.id, sender.channel);
      if (d.status === 'sent' || d.status === 'skipped') return 'already_done';
      if (!to) {
        await this.deliveries.markSkipped(m, d.id, 'no address');
        return 'skipped';
      }
      try {
        await sender.send(composeOutsideMessage(n), to);
      } catch (e) {
        failure =
          e instanceof ExternalDeliveryError ? e : new ExternalDeliveryError(sender.adapter, 'ERROR', false);
        await this.deliveries.markFailed(m, d.id, failure.reason);
        return 'failed';
      }
      await this.deliveries.markSent(m, d.id);
      return 'sent';
    });

    this.logger.info(
      {
        part: 'notifications',
        notificationId: n.id,
        type: n.type,
        channel: sender.channel,
        adapter: sender.adapter,
        outcome,
        ...(failure ? { reason: failure.reason } : {}),
      },
      'outside notification',
    );
    if (failure && !failure.permanent) throw failure;
    return outcome;
  }

  private async addressOf(channel: DeliveryChannel, userId: string): Promise<string | null> {
    switch (channel) {
      case 'email':
        return this.directory.notificationEmailOf(userId);
      case 'sms':
        // Staff records hold no mobile number yet.
        return null;
    }
  }
}
