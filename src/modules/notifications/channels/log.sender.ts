import type { Logger } from 'pino';
import type { OutsideMessage } from '../domain/outside-message';
import { ExternalSender } from './external-sender';

/**
 * The development stand-in for e-mail (NOTIFY_EXTERNAL=log, the default outside production): it goes
 * through the same steps as the SMTP adapter (address look-up, one delivery per notification) and logs
 * that it would have sent — the notification id, type and channel, never the address or the text.
 */
export class LogSender implements ExternalSender {
  readonly channel = 'email' as const;
  readonly adapter = 'log';

  constructor(private readonly logger: Logger) {}

  send(message: OutsideMessage, _to: string): Promise<void> {
    this.logger.info(
      {
        part: 'notifications',
        notificationId: message.notificationId,
        type: message.type,
        channel: this.channel,
        adapter: this.adapter,
      },
      'outside notification (log adapter: not sent)',
    );
    return Promise.resolve();
  }
}
