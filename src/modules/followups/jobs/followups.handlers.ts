import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '../../../platform/outbox';
import { HandlesEvent, QueueName } from '../../../platform/queue';
import { FollowUpPlanner } from '../follow-up-planner';

/**
 * The events that make follow-ups (docs/DESIGN.md §5). Each is idempotent through the follow-up's source key
 * (INSERT … ON CONFLICT DO NOTHING) or by its own condition: a redelivered event makes nothing twice.
 */
@Injectable()
export class FollowupsHandlers {
  constructor(private readonly planner: FollowUpPlanner) {}

  @HandlesEvent('case.high_risk', { queue: QueueName.Followups, name: 'followups.safety_plan' })
  async safetyPlan(event: EventEnvelope<'case.high_risk'>): Promise<{ created: number }> {
    const id = await this.planner.safetyPlan(event.eventId, event.payload.caseId, new Date(event.occurredAt));
    return { created: id ? 1 : 0 };
  }

  @HandlesEvent('case.assigned', { queue: QueueName.Followups, name: 'followups.follow_assignee' })
  async followAssignee(event: EventEnvelope<'case.assigned'>): Promise<{ moved: number }> {
    return { moved: await this.planner.followAssignee(event.payload.caseId, event.payload.assigneeId) };
  }

  /** A disabled user's open follow-ups go to the supervisors (as their open cases go back to the queue). */
  @HandlesEvent('user.disabled', { queue: QueueName.Followups, name: 'followups.return_to_supervisors' })
  async returnToSupervisors(event: EventEnvelope<'user.disabled'>): Promise<{ moved: number }> {
    return { moved: await this.planner.returnToSupervisors(event.payload.userId) };
  }

  @HandlesEvent('protection_measure.recorded', {
    queue: QueueName.Followups,
    name: 'followups.measure_deadlines',
  })
  async measureDeadlines(event: EventEnvelope<'protection_measure.recorded'>): Promise<{ created: number }> {
    return { created: (await this.planner.measureDeadlines(event.payload.measureId)).length };
  }

  @HandlesEvent('referral.emergency_override', {
    queue: QueueName.Followups,
    name: 'followups.override_review',
  })
  async overrideReview(event: EventEnvelope<'referral.emergency_override'>): Promise<{ created: number }> {
    const id = await this.planner.overrideReview(event.payload, new Date(event.occurredAt));
    return { created: id ? 1 : 0 };
  }
}
