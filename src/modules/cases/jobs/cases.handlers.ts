import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '../../../platform/outbox';
import { HandlesEvent, QueueName } from '../../../platform/queue';
import { NotificationsService } from '../../notifications';

/** The case module's event handlers; each is idempotent (DESIGN.md §5). */
@Injectable()
export class CasesHandlers {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
  ) {}

  /** A high-risk case: every supervisor of its organisation is told, once (unique per event and recipient). */
  @HandlesEvent('case.high_risk', { queue: QueueName.Notifications, name: 'cases.notify_high_risk' })
  async notifyHighRisk(event: EventEnvelope<'case.high_risk'>): Promise<{ created: number }> {
    const recipients = await this.notifications.supervisorsOf(event.payload.organizationId);
    const ids = await this.dataSource.transaction((m) =>
      this.notifications.notify(m, {
        eventId: event.eventId,
        recipients,
        type: 'case_high_risk',
        caseId: event.payload.caseId,
        reference: event.payload.reference,
      }),
    );
    return { created: ids.length };
  }
}
