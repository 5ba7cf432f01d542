import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '../../../platform/outbox';
import { HandlesEvent, QueueName } from '../../../platform/queue';
import { NotificationsService } from '../../notifications';
import { FollowUpRepository } from '../follow-up.repository';
import { REMINDERS_CONFIG, RemindersConfig } from './reminders.config';

/**
 * The reminders and escalations the scan wrote (docs/DESIGN.md §5), as in-app notifications. Each is
 * idempotent: a notification is unique per (event, recipient), so a redelivered event adds nothing.
 */
@Injectable()
export class RemindersHandlers {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    @Inject(REMINDERS_CONFIG) private readonly config: RemindersConfig,
    private readonly followUps: FollowUpRepository,
  ) {}

  /**
   * A follow-up came due: its assignee is reminded (the kind may name another type, e.g. an expiring
   * protection measure), or the supervisors while it has no assignee, or both when the kind says so.
   */
  @HandlesEvent('follow_up.due', { queue: QueueName.Notifications, name: 'followups.notify_due' })
  async notifyDue(event: EventEnvelope<'follow_up.due'>): Promise<{ created: number }> {
    const p = event.payload;
    if (!(await this.stillOpen(p.followUpId))) return { created: 0 };
    const settings = this.config.kinds[p.kind];
    const supervisors =
      p.assigneeId === null || settings?.alsoSupervisors
        ? await this.notifications.supervisorsOf(p.organizationId)
        : [];
    const recipients = [...(p.assigneeId === null ? [] : [p.assigneeId]), ...supervisors];
    return this.notify(event.eventId, recipients, settings?.dueNotification ?? 'follow_up_due', p);
  }

  /** A follow-up is overdue by the configured time: the organisation's supervisors are told. */
  @HandlesEvent('follow_up.overdue', { queue: QueueName.Notifications, name: 'followups.notify_overdue' })
  async notifyOverdue(event: EventEnvelope<'follow_up.overdue'>): Promise<{ created: number }> {
    const p = event.payload;
    if (!(await this.stillOpen(p.followUpId))) return { created: 0 };
    const supervisors = await this.notifications.supervisorsOf(p.organizationId);
    return this.notify(event.eventId, supervisors, 'follow_up_overdue', p);
  }

  /** A referral passed its dueBy still unanswered: the referring organisation's supervisors are told. */
  @HandlesEvent('referral.overdue', {
    queue: QueueName.Notifications,
    name: 'followups.notify_referral_overdue',
  })
  async notifyReferralOverdue(event: EventEnvelope<'referral.overdue'>): Promise<{ created: number }> {
    const p = event.payload;
    const supervisors = await this.notifications.supervisorsOf(p.referringOrganizationId);
    return this.notify(event.eventId, supervisors, 'referral_overdue', p, p.referralId);
  }

  /** A follow-up done or cancelled since the scan needs no reminder any more. */
  private async stillOpen(followUpId: string): Promise<boolean> {
    return (await this.followUps.statusOf(this.dataSource.manager, followUpId)) === 'open';
  }

  private async notify(
    eventId: string,
    recipients: readonly string[],
    type: string,
    payload: { caseId: string; reference: string },
    referralId?: string,
  ): Promise<{ created: number }> {
    const ids = await this.dataSource.transaction((m) =>
      this.notifications.notify(m, {
        eventId,
        recipients,
        type,
        caseId: payload.caseId,
        reference: payload.reference,
        ...(referralId ? { referralId } : {}),
      }),
    );
    return { created: ids.length };
  }
}
