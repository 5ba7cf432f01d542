import type { OutsideMessage } from '../domain/outside-message';

/** The outside channels a notification can travel on; recorded per notification in notification_deliveries. */
export type DeliveryChannel = 'email' | 'sms';

/**
 * One adapter per outside channel (e-mail over SMTP, SMS, or the development log). The message holds no
 * personal data; the address is the recipient's own work address and is never logged or stored here.
 */
export interface ExternalSender {
  readonly channel: DeliveryChannel;
  /** The adapter's name, for logs: smtp, log, … */
  readonly adapter: string;
  /** Sends once. Throws ExternalDeliveryError (never naming the address) when it cannot. */
  send(message: OutsideMessage, to: string): Promise<void>;
}

/** Injection token: the configured ExternalSender, or null when NOTIFY_EXTERNAL=none. */
export const EXTERNAL_SENDER = Symbol('EXTERNAL_SENDER');

/**
 * A failed outside delivery, described without the address or the message (SMTP servers put the
 * recipient in their replies): only the error code and reply code.
 */
export class ExternalDeliveryError extends Error {
  constructor(
    readonly adapter: string,
    readonly reason: string,
    /** A permanent refusal (an SMTP 5xx reply): sending the same message again would be refused again. */
    readonly permanent: boolean,
  ) {
    super(`${adapter} delivery failed: ${reason}`);
    this.name = 'ExternalDeliveryError';
  }
}
