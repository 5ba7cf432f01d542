import type { OutsideMessage } from '../domain/outside-message';
import { ExternalDeliveryError, ExternalSender } from './external-sender';

/**
 * An SMS provider. None is wired yet (no contract with a Vietnamese SMS gateway, and staff records hold
 * no mobile number yet): a provider is one class implementing this, bound in NotificationsModule behind a
 * new NOTIFY_EXTERNAL value. The text is the same reference-only text as the e-mail's.
 */
export interface SmsGateway {
  readonly name: string;
  /** `to` in E.164. */
  sendSms(to: string, text: string): Promise<void>;
}

/** SMS through an SmsGateway: the subject only, which fits one message and names nobody. */
export class SmsSender implements ExternalSender {
  readonly channel = 'sms' as const;

  constructor(private readonly gateway: SmsGateway) {}

  get adapter(): string {
    return this.gateway.name;
  }

  async send(message: OutsideMessage, to: string): Promise<void> {
    try {
      await this.gateway.sendSms(to, message.subject);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      throw new ExternalDeliveryError(this.adapter, typeof code === 'string' ? code : 'ERROR', false);
    }
  }
}
