import type { SendMailOptions } from 'nodemailer';
import { isPermanentResponseCode } from 'nodemailer/lib/errors';
import type { OutsideMessage } from '../domain/outside-message';
import { ExternalDeliveryError, ExternalSender } from './external-sender';

/** What the sender needs of a nodemailer transporter: tests put a jsonTransport or a fake here. */
export interface MailTransport {
  sendMail(mail: SendMailOptions): Promise<unknown>;
}

/** Injection token of the nodemailer transport used by SmtpEmailSender. */
export const SMTP_TRANSPORT = Symbol('SMTP_TRANSPORT');

/** Timeouts so that a silent SMTP server fails a job instead of holding it for minutes. */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** E-mail over SMTP with nodemailer (NOTIFY_EXTERNAL=smtp, SMTP_URL, SMTP_FROM). */
export class SmtpEmailSender implements ExternalSender {
  readonly channel = 'email' as const;
  readonly adapter = 'smtp';

  constructor(
    private readonly transport: MailTransport,
    private readonly from: string,
  ) {}

  async send(message: OutsideMessage, to: string): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.from,
        to,
        subject: message.subject,
        text: message.text,
        headers: { 'X-Haven-Notification': message.notificationId, 'Auto-Submitted': 'auto-generated' },
      });
    } catch (e) {
      const err = e as { code?: unknown; responseCode?: unknown };
      const code = typeof err.code === 'string' && /^[A-Z_]{2,32}$/.test(err.code) ? err.code : 'ERROR';
      const reply = typeof err.responseCode === 'number' ? err.responseCode : undefined;
      throw new ExternalDeliveryError(
        this.adapter,
        reply === undefined ? code : `${code} ${reply}`,
        reply !== undefined && isPermanentResponseCode(reply),
      );
    }
  }
}
