import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CaseSharingService } from '../cases';
import { FollowUpScheduleRepository } from './follow-up-schedule.repository';
import { FollowUpRepository } from './follow-up.repository';
import { FOLLOWUPS_CONFIG, FollowupsConfig } from './followups.config';

export type { RuleFollowUp } from './follow-up.repository';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The source key of a plan review: the plan, the cadence and the review's number in its series. */
const PLAN_REVIEW_KEY = /^case_plan:([0-9a-f-]{36}):plan_review:(\d+)d:(\d+)$/;

/** An approved case plan whose reviews are planned (the plans module, on approval). */
export interface PlanReviews {
  planId: string;
  caseId: string;
  everyDays: number;
  /** The approval: the first review is due everyDays after it. */
  from: Date;
}

/**
 * The rules that make follow-ups (docs/DESIGN.md §5, config/followups.yaml). Every insert is
 * `ON CONFLICT DO NOTHING` on the unique source key (and, for reviews, on the one open review per case),
 * so an event delivered twice, or a scan run by two workers, makes each follow-up once.
 */
@Injectable()
export class FollowUpPlanner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FOLLOWUPS_CONFIG) private readonly config: FollowupsConfig,
    private readonly cases: CaseSharingService,
    private readonly followUps: FollowUpRepository,
    private readonly schedule: FollowUpScheduleRepository,
  ) {}

  /**
   * case.high_risk: a safety plan due within safetyPlanWithinHours of the event, for the case's assignee
   * (null: the supervisors hold it). None when the case already has an open safety plan or is closed.
   */
  async safetyPlan(eventId: string, caseId: string, occurredAt: Date): Promise<string | null> {
    return this.dataSource.transaction(async (m) => {
      const facts = await this.cases.caseFacts(caseId, { manager: m });
      if (facts.status === 'closed') return null;
      if (await this.followUps.hasOpenOfKind(m, caseId, 'safety_plan')) return null;
      return this.followUps.insertFromRule(m, {
        caseId,
        reference: facts.reference,
        organizationId: facts.organizationId,
        kind: 'safety_plan',
        dueAt: new Date(occurredAt.getTime() + this.config.safetyPlanWithinHours * HOUR_MS),
        assigneeId: facts.assigneeId,
        sourceKey: `case.high_risk:${eventId}:safety_plan`,
      });
    });
  }

  /**
   * case.assigned: the case's open follow-ups without assignee take the case's assignee (the safety plan
   * follows the case). Override reviews stay the supervisors'. Only while the case is still assigned to
   * that user: a late redelivery after a reassignment moves nothing to the former assignee.
   */
  async followAssignee(caseId: string, assigneeId: string): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const facts = await this.cases.caseFacts(caseId, { manager: m });
      if (facts.assigneeId !== assigneeId) return 0;
      return this.followUps.assignUnassignedOfCase(m, caseId, assigneeId);
    });
  }

  /**
   * user.disabled: the disabled user's open follow-ups go back to their organisations' supervisors
   * (assignee cleared), so that reminders reach someone who can act. Idempotent: a redelivered event
   * finds none left.
   */
  async returnToSupervisors(userId: string): Promise<number> {
    return this.dataSource.transaction((m) => this.followUps.unassignOpenOf(m, userId));
  }

  /**
   * protection_measure.recorded: a measure of measureDecisionTypes requested and not decided gets
   * measure_decision at requested_at + measureDecisionHours; a measure with an end still to come gets
   * measure_expiry measureExpiryNoticeHours before it (not before now).
   */
  async measureDeadlines(measureId: string, now = new Date()): Promise<string[]> {
    return this.dataSource.transaction(async (m) => {
      const measure = await this.cases.protectionMeasure(measureId, m);
      if (!measure) return [];
      const facts = await this.cases.caseFacts(measure.caseId, { manager: m });
      const base = {
        caseId: facts.id,
        reference: facts.reference,
        organizationId: facts.organizationId,
        assigneeId: facts.assigneeId,
      };
      const made: (string | null)[] = [];
      if (
        this.config.measureDecisionTypes.includes(measure.type) &&
        measure.requestedAt !== null &&
        measure.decidedAt === null
      ) {
        made.push(
          await this.followUps.insertFromRule(m, {
            ...base,
            kind: 'measure_decision',
            dueAt: new Date(measure.requestedAt.getTime() + this.config.measureDecisionHours * HOUR_MS),
            sourceKey: `protection_measure:${measure.id}:measure_decision`,
          }),
        );
      }
      if (measure.endsAt !== null && measure.endsAt.getTime() > now.getTime()) {
        const notice = measure.endsAt.getTime() - this.config.measureExpiryNoticeHours * HOUR_MS;
        made.push(
          await this.followUps.insertFromRule(m, {
            ...base,
            kind: 'measure_expiry',
            dueAt: new Date(Math.max(notice, now.getTime())),
            sourceKey: `protection_measure:${measure.id}:measure_expiry`,
          }),
        );
      }
      return made.filter((id): id is string => id !== null);
    });
  }

  /** referral.emergency_override: a review for the referring organisation's supervisors (no assignee). */
  async overrideReview(
    p: { referralId: string; caseId: string; organizationId: string; reference: string },
    occurredAt: Date,
  ): Promise<string | null> {
    return this.dataSource.transaction((m) =>
      this.followUps.insertFromRule(m, {
        caseId: p.caseId,
        reference: p.reference,
        organizationId: p.organizationId,
        kind: 'override_review',
        dueAt: new Date(occurredAt.getTime() + this.config.overrideReviewWithinHours * HOUR_MS),
        assigneeId: null,
        sourceKey: `referral:${p.referralId}:override_review`,
      }),
    );
  }

  /**
   * A case plan approved: its first plan_review, due `everyDays` after the approval, for the case's
   * assignee; none when the case is closed or already has an open plan review (a new version approved
   * while the last one's review is still open keeps that one). Runs in the caller's transaction (the
   * approval's); the source key makes it once.
   */
  async planReview(m: EntityManager, p: PlanReviews): Promise<string | null> {
    const facts = await this.cases.caseFacts(p.caseId, { manager: m });
    if (facts.status === 'closed') return null;
    if (await this.followUps.hasOpenOfKind(m, p.caseId, 'plan_review')) return null;
    return this.followUps.insertFromRule(m, {
      caseId: facts.id,
      reference: facts.reference,
      organizationId: facts.organizationId,
      kind: 'plan_review',
      dueAt: new Date(p.from.getTime() + p.everyDays * DAY_MS),
      assigneeId: facts.assigneeId,
      sourceKey: `case_plan:${p.planId}:plan_review:${p.everyDays}d:1`,
    });
  }

  /**
   * A plan_review done: the next one of its series, due its cadence after `doneAt`, while the case is
   * open. Runs in the completion's transaction; the next number in the source key makes it once.
   */
  async nextPlanReview(m: EntityManager, followUpId: string, doneAt: Date): Promise<string | null> {
    const key = PLAN_REVIEW_KEY.exec((await this.followUps.sourceKeyOf(m, followUpId)) ?? '');
    if (!key) return null;
    const [, planId, days, seq] = key;
    const row = await this.followUps.get(m, followUpId);
    const facts = await this.cases.caseFacts(row.caseId, { manager: m });
    if (facts.status === 'closed') return null;
    return this.followUps.insertFromRule(m, {
      caseId: facts.id,
      reference: facts.reference,
      organizationId: facts.organizationId,
      kind: 'plan_review',
      dueAt: new Date(doneAt.getTime() + Number(days) * DAY_MS),
      assigneeId: facts.assigneeId,
      sourceKey: `case_plan:${planId}:plan_review:${days}d:${Number(seq) + 1}`,
    });
  }

  /**
   * The periodic review, set-based: for up to `limit` open cases without an open case_review, one due
   * reviewEveryDays after the latest done review's completion (else the case's opening), for the case's
   * assignee. The unique index follow_ups_open_review_uq (one open review per case) makes two runs at
   * once, or one after the other, make each review once. Returns how many were made. Runs in the
   * caller's transaction (the scheduled scan's).
   */
  async planReviews(manager: EntityManager, limit: number): Promise<number> {
    return this.schedule.planReviews(manager, this.config.reviewEveryDays, limit);
  }
}
