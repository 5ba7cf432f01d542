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

/**
 * Installs the job schedulers when the worker starts, and again until Redis takes them (Redis keeps
 * nothing on disk, so after a Redis restart the worker puts them back on its next attempt).
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: HandlerRegistry,
    private readonly moduleRef: ModuleRef,
    @Inject(PINO) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    void this.install();
  }

  async install(): Promise<boolean> {
    try {
      for (const s of SCHEDULES) {
        const queueName = this.registry.jobQueue(s.job);
        if (!queueName) throw new Error(`Job ${s.job} has no handler`);
        const queue = this.moduleRef.get<Queue>(getQueueToken(queueName), { strict: false });
        await withTimeout(
          // Scheduled runs keep only their last 100 completed jobs: a 5-second schedule would otherwise
          // leave thousands a day in Redis.
          queue.upsertJobScheduler(
            s.job,
            { every: s.everyMs },
            { name: s.job, data: {}, opts: { removeOnComplete: { count: 100 } } },
          ),
          5_000,
        );
      }
      // Check again every 10 minutes: cheap, and it restores the schedulers after a Redis restart.
      this.timer = setTimeout(() => void this.install(), 10 * 60 * 1000);
      this.timer.unref();
      return true;
    } catch (err) {
      this.logger.warn({ part: 'scheduler', err }, 'could not install job schedulers; retrying');
      this.timer = setTimeout(() => void this.install(), 5_000);
      this.timer.unref();
      return false;
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
