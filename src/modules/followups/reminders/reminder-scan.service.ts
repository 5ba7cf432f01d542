import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { PINO } from '../../../platform/logging';
import { OutboxService } from '../../../platform/outbox';
import { HandlesJob, JobName, QueueName } from '../../../platform/queue';
import { ReferralEscalationsService } from '../../referrals';
import { FollowUpPlanner } from '../follow-up-planner';
import { REMINDERS_CONFIG, RemindersConfig } from './reminders.config';

export interface ScanResult {
  /** follow_up.due events written. */
  due: number;
  /** follow_up.overdue events written. */
  overdue: number;
  /** referral.overdue events written. */
  referralsOverdue: number;
  /** 30-day reviews planned. */
  reviews: number;
}

interface ClaimedFollowUp {
  id: string;
  case_id: string;
  organization_id: string;
  reference: string;
  kind: string;
  assignee_id: string | null;
  due_at: Date;
  status: string;
  old_stage: number;
}

/**
 * The scheduler's scan (docs/DESIGN.md §5): PostgreSQL decides what is due, Redis only carries the work. Each
 * batch is one short transaction that moves the follow-ups' reminder stage and writes their events
 * together, with FOR UPDATE SKIP LOCKED: each reminder goes out once per follow-up and step, with any
 * number of workers, and after an outage the next run simply finds everything that came due meanwhile.
 */
@Injectable()
export class ReminderScan {
  private lastFinishedAt: Date | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly referrals: ReferralEscalationsService,
    private readonly planner: FollowUpPlanner,
    @Inject(REMINDERS_CONFIG) private readonly config: RemindersConfig,
    @Inject(PINO) private readonly logger: Logger,
  ) {}

  /** The scheduled job (every minute, followups queue). Its payload is {}; safe to run twice or at once. */
  @HandlesJob(JobName.FollowupsScan, { queue: QueueName.Followups })
  async scanJob(): Promise<ScanResult> {
    return this.run();
  }

  /** When a scan last finished in this process (null before the first): for the scheduler-lag metric. */
  lastRunAt(): Date | null {
    return this.lastFinishedAt;
  }

  /** One full scan: follow-up reminders and escalations, overdue referrals, the periodic reviews. */
  async run(): Promise<ScanResult> {
    const { scanBatchSize: size } = this.config;
    const result: ScanResult = { due: 0, overdue: 0, referralsOverdue: 0, reviews: 0 };
    // Reviews first: one already due (a case opened long ago) gets its reminder in this same run.
    await this.batches(async (m) => {
      const n = await this.planner.planReviews(m, size);
      result.reviews += n;
      return n;
    });
    // Until a batch finds nothing: a follow-up long overdue after an outage moves from its due reminder
    // to its escalation within this run.
    await this.batches(async (m) => {
      const r = await this.followUpBatch(m, size);
      result.due += r.due;
      result.overdue += r.overdue;
      return r.claimed;
    }, 1);
    await this.batches(async (m) => {
      const n = await this.referrals.escalateOverdue(m, size);
      result.referralsOverdue += n;
      return n;
    });
    this.lastFinishedAt = new Date();
    if (result.due + result.overdue + result.referralsOverdue + result.reviews > 0) {
      this.logger.info({ part: 'reminders', ...result }, 'reminder scan');
    }
    return result;
  }

  /**
   * Runs batches, each in its own transaction, until one does fewer than `atLeast` rows (by default a
   * short batch) or the run's cap is reached; what is left waits for the next run.
   */
  private async batches(
    batch: (m: EntityManager) => Promise<number>,
    atLeast = this.config.scanBatchSize,
  ): Promise<void> {
    for (let i = 0; i < this.config.maxBatchesPerRun; i++) {
      const n = await this.dataSource.transaction(batch);
      if (n < atLeast) return;
    }
  }

  private async followUpBatch(
    m: EntityManager,
    limit: number,
  ): Promise<{ claimed: number; due: number; overdue: number }> {
    const kinds = Object.keys(this.config.kinds);
    const hours = kinds.map((k) => this.config.kinds[k]?.overdueAfterHours ?? this.config.overdueAfterHours);
    // Stage 0 → the due reminder, next at dueAt + the kind's overdue hours; stage 1 → the overdue
    // escalation, nothing next. A follow-up no longer open only loses its next_reminder_at. version and
    // updated_at stay: the scan is no change of a person's, and must not fail their version check.
    const rows = await m.query<ClaimedFollowUp[]>(
      `WITH due AS (
         SELECT id, reminder_stage AS old_stage FROM follow_ups
          WHERE next_reminder_at <= now()
          ORDER BY next_reminder_at LIMIT $1 FOR UPDATE SKIP LOCKED
       ), moved AS (
         UPDATE follow_ups f
            SET reminder_stage = CASE
                  WHEN f.status <> 'open' THEN f.reminder_stage
                  WHEN due.old_stage = 0 THEN 1
                  ELSE 2 END,
                next_reminder_at = CASE
                  WHEN f.status = 'open' AND due.old_stage = 0 THEN f.due_at + COALESCE(
                    (SELECT h.hours FROM unnest($2::text[], $3::float8[]) AS h(kind, hours) WHERE h.kind = f.kind),
                    $4::float8) * interval '1 hour'
                  ELSE NULL END
           FROM due WHERE f.id = due.id
         RETURNING f.id, f.case_id, f.organization_id, f.reference, f.kind, f.assignee_id, f.due_at, f.status,
                   due.old_stage
       )
       SELECT * FROM moved`,
      [limit, kinds, hours, this.config.overdueAfterHours],
    );
    let due = 0;
    let overdue = 0;
    for (const f of rows) {
      if (f.status !== 'open' || f.old_stage > 1) continue;
      const payload = {
        followUpId: f.id,
        caseId: f.case_id,
        organizationId: f.organization_id,
        reference: f.reference,
        kind: f.kind,
        assigneeId: f.assignee_id,
        dueAt: f.due_at.toISOString(),
      };
      if (f.old_stage === 0) {
        await this.outbox.write(m, 'follow_up.due', payload);
        due++;
      } else {
        await this.outbox.write(m, 'follow_up.overdue', payload);
        overdue++;
      }
    }
    return { claimed: rows.length, due, overdue };
  }
}
