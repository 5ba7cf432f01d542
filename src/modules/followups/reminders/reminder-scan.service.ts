import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { PINO } from '../../../platform/logging';
import { OutboxService } from '../../../platform/outbox';
import { HandlesJob, JobName, QueueName } from '../../../platform/queue';
import { ReferralEscalationsService } from '../../referrals';
import { FollowUpPlanner } from '../follow-up-planner';
import { FollowUpScheduleRepository } from '../follow-up-schedule.repository';
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
    private readonly schedule: FollowUpScheduleRepository,
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
    const overdueHoursByKind: Record<string, number> = {};
    for (const [kind, settings] of Object.entries(this.config.kinds)) {
      overdueHoursByKind[kind] = settings.overdueAfterHours ?? this.config.overdueAfterHours;
    }
    const rows = await this.schedule.claimReminders(m, {
      limit,
      overdueHoursByKind,
      overdueHours: this.config.overdueAfterHours,
    });
    let due = 0;
    let overdue = 0;
    for (const f of rows) {
      if (f.status !== 'open' || f.oldStage > 1) continue;
      const payload = {
        followUpId: f.id,
        caseId: f.caseId,
        organizationId: f.organizationId,
        reference: f.reference,
        kind: f.kind,
        assigneeId: f.assigneeId,
        dueAt: f.dueAt.toISOString(),
      };
      if (f.oldStage === 0) {
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
