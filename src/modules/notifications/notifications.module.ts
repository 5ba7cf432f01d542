import { Module } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import { ENV, Env, externalChannel } from '../../platform/config';
import { PINO } from '../../platform/logging';
import { IdentityModule } from '../identity';
import { EXTERNAL_SENDER, ExternalSender } from './channels/external-sender';
import { LogSender } from './channels/log.sender';
import { MailTransport, SMTP_TIMEOUTS, SMTP_TRANSPORT, SmtpEmailSender } from './channels/smtp-email.sender';
import { ExternalDeliveryService } from './external-delivery.service';
import { NotificationsHandlers } from './jobs/notifications.handlers';
import { NotificationDeliveryRepository } from './notification-delivery.repository';
import { NotificationRepository } from './notification.repository';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import './notifications.errors';

@Module({
  imports: [IdentityModule],
  controllers: [NotificationsController],
  providers: [
    NotificationRepository,
    NotificationDeliveryRepository,
    NotificationsService,
    ExternalDeliveryService,
    NotificationsHandlers,
    {
      // Made only when e-mail goes over SMTP; nodemailer connects on the first send, not here.
      provide: SMTP_TRANSPORT,
      inject: [ENV],
      useFactory: (env: Env): MailTransport | null =>
        externalChannel(env) === 'smtp' && env.SMTP_URL
          ? createTransport({ url: env.SMTP_URL, ...SMTP_TIMEOUTS })
          : null,
    },
    {
      provide: EXTERNAL_SENDER,
      inject: [ENV, PINO, SMTP_TRANSPORT],
      useFactory: (env: Env, logger: Logger, transport: MailTransport | null): ExternalSender | null => {
        const channel = externalChannel(env);
        switch (channel) {
          case 'smtp':
            if (!transport || !env.SMTP_FROM)
              throw new Error('NOTIFY_EXTERNAL=smtp needs SMTP_URL and SMTP_FROM');
            return new SmtpEmailSender(transport, env.SMTP_FROM);
          case 'log':
            return new LogSender(logger);
          case 'none':
            return null;
        }
      },
    },
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}
