import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '../../../platform/outbox';
import { HandlesEvent, QueueName } from '../../../platform/queue';
import { AuditService } from '../../audit';
import { NotificationsService } from '../../notifications';
import { CaseWorkflowService } from '../case-workflow.service';

/** The case module's event handlers; each is idempotent (docs/DESIGN.md §5). */
@Injectable()
export class CasesHandlers {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly workflow: CaseWorkflowService,
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

  /** A closure was asked for: the supervisors of the organisation are told (one of them decides). */
  @HandlesEvent('case.closure_requested', {
    queue: QueueName.Notifications,
    name: 'cases.notify_closure_requested',
  })
  async notifyClosureRequested(event: EventEnvelope<'case.closure_requested'>): Promise<{ created: number }> {
    const recipients = await this.notifications.supervisorsOf(event.payload.organizationId);
    return this.notify(event.eventId, recipients, 'closure_requested', event.payload);
  }

  /** An intake whose routing target is missing: every active admin is told to fix config/cases.yaml. */
  @HandlesEvent('case.intake_unrouted', {
    queue: QueueName.Notifications,
    name: 'cases.notify_intake_unrouted',
  })
  async notifyIntakeUnrouted(event: EventEnvelope<'case.intake_unrouted'>): Promise<{ created: number }> {
    const recipients = await this.notifications.activeAdmins();
    return this.notify(event.eventId, recipients, 'intake_unrouted', event.payload);
  }

  /** The assignee is told, once (unique per event and recipient). */
  @HandlesEvent('case.assigned', { queue: QueueName.Notifications, name: 'cases.notify_assigned' })
  async notifyAssigned(event: EventEnvelope<'case.assigned'>): Promise<{ created: number }> {
    return this.notify(event.eventId, [event.payload.assigneeId], 'case_assigned', event.payload);
  }

  /** A case back in the queue: the supervisors of the organisation are told. */
  @HandlesEvent('case.unassigned', { queue: QueueName.Notifications, name: 'cases.notify_unassigned' })
  async notifyUnassigned(event: EventEnvelope<'case.unassigned'>): Promise<{ created: number }> {
    const recipients = await this.notifications.supervisorsOf(event.payload.organizationId);
    return this.notify(event.eventId, recipients, 'case_unassigned', event.payload);
  }

  /** Break-glass used: the supervisors of the organisation are told. */
  @HandlesEvent('break_glass.granted', { queue: QueueName.Notifications, name: 'cases.notify_break_glass' })
  async notifyBreakGlass(event: EventEnvelope<'break_glass.granted'>): Promise<{ created: number }> {
    const recipients = await this.notifications.supervisorsOf(event.payload.organizationId);
    return this.notify(event.eventId, recipients, 'break_glass_used', event.payload);
  }

  /**
   * A disabled user's open cases go back to the unassigned queue (assignee cleared, a null assignment
   * closing the history, audited), each with a case.unassigned event whose handler tells the supervisors.
   * Idempotent: a redelivered event finds no case still assigned to the user.
   */
  @HandlesEvent('user.disabled', { queue: QueueName.Notifications, name: 'cases.unassign_disabled_user' })
  async unassignDisabledUser(event: EventEnvelope<'user.disabled'>): Promise<{ unassigned: number }> {
    const unassigned = await this.dataSource.transaction((m) =>
      this.workflow.returnToQueue(m, event.payload.userId),
    );
    return { unassigned };
  }

  private async notify(
    eventId: string,
    recipients: readonly string[],
    type: string,
    payload: { caseId: string; reference: string },
  ): Promise<{ created: number }> {
    const ids = await this.dataSource.transaction((m) =>
      this.notifications.notify(m, {
        eventId,
        recipients,
        type,
        caseId: payload.caseId,
        reference: payload.reference,
      }),
    );
    return { created: ids.length };
  }
}
