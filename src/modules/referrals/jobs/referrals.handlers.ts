import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '../../../platform/outbox';
import { HandlesEvent, QueueName } from '../../../platform/queue';
import { CaseSharingService } from '../../cases';
import { IdentityDirectoryService } from '../../identity';
import { NotificationsService } from '../../notifications';
import { ReferralRepository } from '../repositories/referral.repository';

/** Notification type by the status a referral reached (config/catalogues/notification-types.yaml). */
const STATUS_NOTIFICATION: Readonly<Record<string, string>> = {
  accepted: 'referral_accepted',
  declined: 'referral_declined',
  in_service: 'referral_started',
  completed: 'referral_closed',
  not_completed: 'referral_closed',
};

/** The referral module's event handlers; each is idempotent (unique per event and recipient). */
@Injectable()
export class ReferralsHandlers {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly identity: IdentityDirectoryService,
    private readonly cases: CaseSharingService,
    private readonly referrals: ReferralRepository,
  ) {}

  /**
   * A referral sent: the recipient organisation's provider staff and supervisors get referral_received;
   * under an emergency override the referring organisation's supervisors get emergency_referral, once.
   */
  @HandlesEvent('referral.sent', { queue: QueueName.Notifications, name: 'referrals.notify_sent' })
  async notifySent(event: EventEnvelope<'referral.sent'>): Promise<{ created: number }> {
    const p = event.payload;
    const staff = await this.staffOf(p.recipientOrganizationId);
    const supervisors = p.emergencyOverride
      ? await this.notifications.supervisorsOf(p.referringOrganizationId)
      : [];
    const ids = await this.dataSource.transaction(async (m) => {
      const received = await this.notifications.notify(m, {
        eventId: event.eventId,
        recipients: staff,
        type: 'referral_received',
        referralId: p.referralId,
        reference: p.reference,
      });
      // One event, one notification per recipient: a supervisor who also answers for the recipient
      // (an organisation referring to itself) keeps the referral_received one.
      const override = await this.notifications.notify(m, {
        eventId: event.eventId,
        recipients: supervisors.filter((u) => !staff.includes(u)),
        type: 'emergency_referral',
        caseId: p.caseId,
        referralId: p.referralId,
        reference: p.reference,
      });
      return [...received, ...override];
    });
    return { created: ids.length };
  }

  /**
   * A referral moved: the person who referred (and the case's assignee when another person) is told;
   * a cancellation tells the recipient organisation's staff instead.
   */
  @HandlesEvent('referral.status_changed', {
    queue: QueueName.Notifications,
    name: 'referrals.notify_status_changed',
  })
  async notifyStatusChanged(event: EventEnvelope<'referral.status_changed'>): Promise<{ created: number }> {
    const p = event.payload;
    let recipients: string[];
    let type: string;
    if (p.status === 'cancelled') {
      const recipient = await this.referrals.recipientOrganizationOf(this.dataSource.manager, p.referralId);
      recipients = recipient ? await this.staffOf(recipient) : [];
      type = 'referral_cancelled';
    } else {
      const notification = STATUS_NOTIFICATION[p.status];
      if (!notification) return { created: 0 };
      const facts = await this.cases.caseFacts(p.caseId);
      recipients = [p.referredBy, ...(facts.assigneeId ? [facts.assigneeId] : [])];
      type = notification;
    }
    const ids = await this.dataSource.transaction((m) =>
      this.notifications.notify(m, {
        eventId: event.eventId,
        recipients,
        type,
        // The provider's staff open the referral, not the case: they get no case id.
        ...(p.status === 'cancelled' ? {} : { caseId: p.caseId }),
        referralId: p.referralId,
        reference: p.reference,
      }),
    );
    return { created: ids.length };
  }

  /** Who answers referrals for an organisation: its active provider staff and supervisors. */
  private async staffOf(organizationId: string): Promise<string[]> {
    const staff = await this.identity.activeUserIdsWithRole(organizationId, 'provider_staff');
    const supervisors = await this.identity.activeUserIdsWithRole(organizationId, 'supervisor');
    return [...new Set([...staff, ...supervisors])];
  }
}
