import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { ENV } from '../config/env.module';
import { Env } from '../config/env.schema';
import { PINO } from '../logging/logging.module';
import { defaultJobOptions } from './job-options';
import { DeadLetterRepository } from './dead-letter.repository';
import { queueNamed, QueueName } from './queue-names';

export interface DeadLetterView {
  id: string;
  queue: string;
  jobId: string;
  jobName: string;
  error: string;
  attempts: number;
  failedAt: Date;
  retriedAt: Date | null;
  retryCount: number;
}

/** What a dead letter records of a job: its id, name, data (ids only), error and attempts. */
export interface FailedJob {
  queue: QueueName;
  jobId: string;
  jobName: string;
  data: unknown;
  error: string;
  attempts: number;
}

/** The error text of a dead letter: the error's class and first line. */
export function deadLetterError(err: Error | string): string {
  const text = typeof err === 'string' ? err : `${err.name}: ${err.message}`;
  return text.split('\n')[0]?.slice(0, 500) ?? 'Error';
}

const KEEP_RETRY_MS = 2_000;
/** Beyond this many unwritten letters the oldest go; the relay's sweep still finds their failed jobs. */
const KEEP_MAX = 10_000;

/** Keeps jobs that exhausted their attempts in PostgreSQL, and sends them round again on request. */
@Injectable()
export class DeadLetterService implements OnApplicationShutdown {
  /** Letters PostgreSQL could not take when their job failed for the last time, by queue and job id. */
  private readonly kept = new Map<string, FailedJob>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
    private readonly letters: DeadLetterRepository,
    @Inject(ENV) private readonly env: Env,
    @Inject(PINO) private readonly logger: Logger,
  ) {}

  /** Called when a job failed for the last time. The error text is the error's class and first line. */
  async record(queue: QueueName, job: Job, err: Error): Promise<void> {
    await this.write(failedJob(queue, job, deadLetterError(err)));
    this.logger.error({ part: 'jobs', queue, jobId: job.id, jobName: job.name, err }, 'job dead-lettered');
  }

  /**
   * As record, but never throws: a letter PostgreSQL cannot take now (it is down) is kept in memory and
   * written every few seconds until it can, so no failure is lost (one warning per outage).
   */
  async recordOrKeep(queue: QueueName, job: Job, err: Error): Promise<void> {
    try {
      await this.record(queue, job, err);
    } catch (writeErr) {
      this.keep(failedJob(queue, job, deadLetterError(err)), writeErr);
    }
  }

  /** A failed job found in Redis without its letter (the relay's sweep): written now, or kept. */
  async recordFound(letter: FailedJob): Promise<void> {
    await this.write(letter);
    this.logger.error(
      { part: 'jobs', queue: letter.queue, jobId: letter.jobId, jobName: letter.jobName },
      'job dead-lettered (failed job found without its dead letter)',
    );
  }

  /** How many letters wait in memory for PostgreSQL. */
  keptCount(): number {
    return this.kept.size;
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.kept.size) {
      this.logger.error(
        { part: 'jobs', kept: this.kept.size },
        'stopping with dead letters unwritten; the relay sweep records their failed jobs later',
      );
    }
  }

  private keep(letter: FailedJob, writeErr: unknown): void {
    if (this.kept.size === 0) {
      this.logger.warn(
        { part: 'jobs', err: writeErr, queue: letter.queue, jobId: letter.jobId },
        'dead letter could not be written; kept until PostgreSQL answers',
      );
    }
    this.kept.set(`${letter.queue}:${letter.jobId}`, letter);
    if (this.kept.size > KEEP_MAX) {
      const oldest = this.kept.keys().next().value;
      if (oldest !== undefined) this.kept.delete(oldest);
    }
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, KEEP_RETRY_MS);
    this.timer.unref();
  }

  /** Writes the kept letters in order; stops at the first failure and tries again later. */
  private async flush(): Promise<void> {
    let written = 0;
    for (const [key, letter] of this.kept) {
      try {
        await this.write(letter);
      } catch {
        this.scheduleFlush();
        return;
      }
      this.kept.delete(key);
      written++;
      this.logger.error(
        { part: 'jobs', queue: letter.queue, jobId: letter.jobId, jobName: letter.jobName },
        'job dead-lettered (written after PostgreSQL returned)',
      );
    }
    if (written) this.logger.info({ part: 'jobs', written }, 'kept dead letters written');
  }

  private async write(l: FailedJob): Promise<void> {
    await this.letters.upsert(this.dataSource, l);
  }

  async list(opts: { open?: boolean; limit?: number } = {}): Promise<DeadLetterView[]> {
    const rows = await this.letters.list(this.dataSource, {
      open: opts.open !== false,
      limit: Math.min(opts.limit ?? 100, 1000),
    });
    return rows.map((r) => ({
      id: r.id,
      queue: r.queue,
      jobId: r.jobId,
      jobName: r.jobName,
      error: r.error,
      attempts: r.attempts,
      failedAt: r.failedAt,
      retriedAt: r.retriedAt,
      retryCount: r.retryCount,
    }));
  }

  /**
   * The worker's half of an admin's retry (DeadLetterAdmin.requestRetry marked the letter retried):
   * the failed job goes round again, or a new job with the same id and data when Redis lost it. A job
   * already waiting, running or done under that id is left alone, so a redelivered request adds nothing.
   */
  async requeue(id: string): Promise<void> {
    const row = await this.letters.job(this.dataSource, id, { retriedOnly: true });
    if (!row) return;
    const queueName = queueNamed(row.queue);
    if (!queueName) throw new Error(`Dead letter ${id} names an unknown queue`);
    const queue = this.moduleRef.get<Queue>(getQueueToken(queueName), { strict: false });
    const jobId = row.jobId;
    const existing = await queue.getJob(jobId);
    if (existing && (await existing.isFailed())) await existing.retry('failed');
    else if (!existing) {
      await queue.add(row.jobName, row.payload, { ...defaultJobOptions(this.env), jobId });
    }
  }

  /**
   * Sends a dead letter round again: the failed job itself when Redis still has it, else a new job with
   * the same id and data. Handlers are idempotent, so a retry never doubles an effect.
   */
  async retry(id: string): Promise<DeadLetterView> {
    const row = await this.letters.job(this.dataSource, id, { retriedOnly: false });
    if (!row) throw new Error(`No dead letter ${id}`);
    const queueName = queueNamed(row.queue);
    if (!queueName) throw new Error(`Dead letter ${id} names an unknown queue`);
    const queue = this.moduleRef.get<Queue>(getQueueToken(queueName), { strict: false });
    const jobId = row.jobId;
    const existing = await queue.getJob(jobId);
    if (existing && (await existing.isFailed())) {
      await existing.retry('failed');
    } else {
      if (existing) await existing.remove();
      await queue.add(row.jobName, row.payload, { ...defaultJobOptions(this.env), jobId });
    }
    await this.letters.markRetried(this.dataSource, id);
    const [view] = (await this.list({ open: false, limit: 1000 })).filter((d) => d.id === id);
    if (!view) throw new Error(`Dead letter ${id} vanished`);
    return view;
  }
}

function failedJob(queue: QueueName, job: Job, error: string): FailedJob {
  return {
    queue,
    jobId: job.id ?? '',
    jobName: job.name,
    data: job.data as unknown,
    error,
    attempts: job.attemptsMade,
  };
}
