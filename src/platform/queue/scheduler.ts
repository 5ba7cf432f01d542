import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { PINO } from '../logging/logging.module';
import { HandlerRegistry } from './handler-registry';
import { JobName } from './queue-names';
import { withTimeout } from './with-timeout';

/** Repeatable work, as BullMQ job schedulers (one per job, whatever the number of workers). */
export const SCHEDULES: readonly { job: JobName; everyMs: number }[] = [
  { job: JobName.PurgeIdempotencyKeys, everyMs: 60 * 60 * 1000 },
  { job: JobName.PurgeOutbox, everyMs: 6 * 60 * 60 * 1000 },
  { job: JobName.AuditSeal, everyMs: 5 * 1000 },
  { job: JobName.FollowupsScan, everyMs: 60 * 1000 },
  { job: JobName.Retention, everyMs: 24 * 60 * 60 * 1000 },
];

/** How often the worker checks that Redis still has every scheduler (a few cheap reads). */
export const SCHEDULER_CHECK_MS = 5_000;

/**
 * Installs the job schedulers when the worker starts, then checks every few seconds that Redis still
 * has them and puts back the missing ones: Redis keeps nothing on disk, so a restarted Redis is empty.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** Set while the check fails (Redis away): one warning per outage. */
  private failing = false;

  constructor(
    private readonly registry: HandlerRegistry,
    private readonly moduleRef: ModuleRef,
    @Inject(PINO) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.check();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  /** The schedulers Redis does not have (a live read: the worker's readiness). Throws when Redis fails. */
  async missing(): Promise<JobName[]> {
    const found = await Promise.all(
      SCHEDULES.map(async (s) =>
        (await withTimeout(this.queueOf(s.job).getJobScheduler(s.job), 1_000)) ? null : s.job,
      ),
    );
    return found.filter((j): j is JobName => j !== null);
  }

  /** Installs (or updates) the schedulers of these jobs. */
  async install(jobs: readonly JobName[] = SCHEDULES.map((s) => s.job)): Promise<void> {
    for (const s of SCHEDULES.filter((x) => jobs.includes(x.job))) {
      await withTimeout(
        // Scheduled runs keep only their last 100 completed jobs: a 5-second schedule would otherwise
        // leave thousands a day in Redis.
        this.queueOf(s.job).upsertJobScheduler(
          s.job,
          { every: s.everyMs },
          { name: s.job, data: {}, opts: { removeOnComplete: { count: 100 } } },
        ),
        5_000,
      );
    }
  }

  private async check(): Promise<void> {
    try {
      const missing = await this.missing();
      if (missing.length) {
        await this.install(missing);
        this.logger.info({ part: 'scheduler', reinstalled: missing }, 'job schedulers installed');
      }
      if (this.failing) this.logger.info({ part: 'scheduler' }, 'job schedulers checked again');
      this.failing = false;
    } catch (err) {
      if (!this.failing) {
        this.logger.warn({ part: 'scheduler', err }, 'could not check the job schedulers; retrying');
      }
      this.failing = true;
    }
    if (!this.running) return;
    this.timer = setTimeout(() => void this.check(), SCHEDULER_CHECK_MS);
    this.timer.unref();
  }

  private queueOf(job: JobName): Queue {
    const queueName = this.registry.jobQueue(job);
    if (!queueName) throw new Error(`Job ${job} has no handler`);
    return this.moduleRef.get<Queue>(getQueueToken(queueName), { strict: false });
  }
}
