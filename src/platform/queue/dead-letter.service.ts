import { Inject, Injectable } from '@nestjs/common';
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
import { ALL_QUEUES, QueueName } from './queue-names';

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

/** Keeps jobs that exhausted their attempts in PostgreSQL, and sends them round again on request. */
@Injectable()
export class DeadLetterService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
    @Inject(ENV) private readonly env: Env,
    @Inject(PINO) private readonly logger: Logger,
  ) {}

  /** Called when a job failed for the last time. The error text is the error's class and first line. */
  async record(queue: QueueName, job: Job, err: Error): Promise<void> {
    const error = `${err.name}: ${err.message}`.split('\n')[0]?.slice(0, 500) ?? err.name;
    await this.dataSource.query(
      `INSERT INTO dead_letters (queue, job_id, job_name, payload, error, attempts)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (queue, job_id) DO UPDATE
         SET error = EXCLUDED.error, attempts = EXCLUDED.attempts, failed_at = now(), retried_at = NULL`,
      [queue, job.id ?? '', job.name, JSON.stringify(job.data ?? {}), error, job.attemptsMade],
    );
    this.logger.error({ part: 'jobs', queue, jobId: job.id, jobName: job.name, err }, 'job dead-lettered');
  }

  async list(opts: { open?: boolean; limit?: number } = {}): Promise<DeadLetterView[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT id, queue, job_id, job_name, error, attempts, failed_at, retried_at, retry_count
         FROM dead_letters ${opts.open === false ? '' : 'WHERE retried_at IS NULL'}
        ORDER BY failed_at DESC LIMIT $1`,
      [Math.min(opts.limit ?? 100, 1000)],
    );
    return rows.map((r) => ({
      id: r.id as string,
      queue: r.queue as string,
      jobId: r.job_id as string,
      jobName: r.job_name as string,
      error: r.error as string,
      attempts: r.attempts as number,
      failedAt: r.failed_at as Date,
      retriedAt: (r.retried_at as Date | null) ?? null,
      retryCount: r.retry_count as number,
    }));
  }

  /**
   * The worker's half of an admin's retry (DeadLetterAdmin.requestRetry marked the letter retried):
   * the failed job goes round again, or a new job with the same id and data when Redis lost it. A job
   * already waiting, running or done under that id is left alone, so a redelivered request adds nothing.
   */
  async requeue(id: string): Promise<void> {
    const [row] = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM dead_letters WHERE id = $1 AND retried_at IS NOT NULL`,
      [id],
    );
    if (!row) return;
    const queueName = row.queue as QueueName;
    if (!ALL_QUEUES.includes(queueName)) throw new Error(`Dead letter ${id} names an unknown queue`);
    const queue = this.moduleRef.get<Queue>(getQueueToken(queueName), { strict: false });
    const jobId = row.job_id as string;
    const existing = await queue.getJob(jobId);
    if (existing && (await existing.isFailed())) await existing.retry('failed');
    else if (!existing) {
      await queue.add(row.job_name as string, row.payload, { ...defaultJobOptions(this.env), jobId });
    }
  }

  /**
   * Sends a dead letter round again: the failed job itself when Redis still has it, else a new job with
   * the same id and data. Handlers are idempotent, so a retry never doubles an effect.
   */
  async retry(id: string): Promise<DeadLetterView> {
    const [row] = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM dead_letters WHERE id = $1`,
      [id],
    );
    if (!row) throw new Error(`No dead letter ${id}`);
    const queueName = row.queue as QueueName;
    if (!ALL_QUEUES.includes(queueName)) throw new Error(`Dead letter ${id} names an unknown queue`);
    const queue = this.moduleRef.get<Queue>(getQueueToken(queueName), { strict: false });
    const jobId = row.job_id as string;
    const existing = await queue.getJob(jobId);
    if (existing && (await existing.isFailed())) {
      await existing.retry('failed');
    } else {
      if (existing) await existing.remove();
      await queue.add(row.job_name as string, row.payload, { ...defaultJobOptions(this.env), jobId });
    }
    await this.dataSource.query(
      `UPDATE dead_letters SET retried_at = now(), retry_count = retry_count + 1 WHERE id = $1`,
      [id],
    );
    const [view] = (await this.list({ open: false, limit: 1000 })).filter((d) => d.id === id);
    if (!view) throw new Error(`Dead letter ${id} vanished`);
    return view;
  }
}
