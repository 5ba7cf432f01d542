import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobsOptions, Queue } from 'bullmq';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ENV } from '../config/env.module';
import { Env } from '../config/env.schema';
import { PINO } from '../logging/logging.module';
import { DeadLetterService, deadLetterError } from '../queue/dead-letter.service';
import { HandlerRegistry } from '../queue/handler-registry';
import { defaultJobOptions } from '../queue/job-options';
import { QueueName } from '../queue/queue-names';
import { withTimeout } from '../queue/with-timeout';
import { RedisService } from '../redis/redis.service';
import { EventEnvelope, EventTopic } from './event-topics';
import { ClaimedEvent, OutboxRepository } from './outbox.repository';

export interface RelayStats {
  ticks: number;
  enqueued: number;
  failed: number;
  redelivered: number;
}

const ENQUEUE_TIMEOUT_MS = 5_000;

/**
 * Moves committed outbox rows to BullMQ (docs/DESIGN.md §5). Rows are claimed with FOR UPDATE SKIP LOCKED, so
 * any number of relays share the work without taking a row twice; each row becomes one job per queue
 * that handles its topic, with the outbox id as the job id, so a row enqueued twice is still one job.
 * While Redis is down nothing is claimed: events wait in PostgreSQL and go once Redis is back.
 * Redis keeps nothing on disk, so a job can vanish with a Redis restart after its row was marked sent:
 * the sweep sends again every event not delivered some minutes after it was sent, unless its job is
 * still in Redis or became a dead letter. Handlers are idempotent, so a second delivery changes nothing.
 * A job Redis holds as failed without a dead letter (its last failure came while PostgreSQL was down and
 * its worker is gone) gets its dead letter from the sweep, so no failure is lost.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly stats: RelayStats = { ticks: 0, enqueued: 0, failed: 0, redelivered: 0 };
  private lastSweep = 0;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<number> | undefined;
  /** Set while ticks fail (PostgreSQL away): one warning per outage, one line when it is over. */
  private failingSince: number | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: HandlerRegistry,
    private readonly deadLetters: DeadLetterService,
    private readonly redis: RedisService,
    private readonly moduleRef: ModuleRef,
    private readonly events: OutboxRepository,
    @Inject(ENV) private readonly env: Env,
    @Inject(PINO) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /**
   * Events written while their topic awaited a handler wait at available_at 'infinity'. Once this worker
   * has a handler for such a topic, they become due. Cheap (the pending index) and safe to repeat.
   */
  releaseAwaiting(): Promise<number> {
    return this.events.releaseAwaiting(this.dataSource, this.registry.handledTopics());
  }

  /** Stops claiming and waits for the batch in hand to finish. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.current?.catch(() => 0);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.current = this.tick()
        .then(
          (n) => {
            if (this.failingSince !== undefined) {
              const outageMs = Date.now() - this.failingSince;
              this.failingSince = undefined;
              this.logger.info({ part: 'outbox-relay', outageMs }, 'relay working again');
            }
            return n;
          },
          (err: unknown) => {
            if (this.failingSince === undefined) {
              this.failingSince = Date.now();
              this.logger.warn({ part: 'outbox-relay', err }, 'relay tick failed; retrying quietly');
            }
            return 0;
          },
        )
        .then((n) => {
          // A full batch means more may be waiting: go again at once.
          this.schedule(n >= this.env.OUTBOX_BATCH_SIZE ? 0 : this.env.OUTBOX_POLL_INTERVAL_MS);
          return n;
        });
    }, delay);
    this.timer.unref();
  }

  /** One pass: claims up to a batch of due rows and enqueues them. Returns how many rows it handled. */
  async tick(): Promise<number> {
    this.stats.ticks++;
    if (!(await this.redis.ping(1_000))) return 0;
    const sweepEvery = Math.min(60_000, this.env.OUTBOX_REDELIVER_AFTER_MS);
    if (Date.now() - this.lastSweep >= sweepEvery) {
      this.lastSweep = Date.now();
      await this.releaseAwaiting();
      await this.sweep();
    }
    return this.relayBatch();
  }

  /** Sends again the events sent long ago but still not delivered whose job Redis no longer has. */
  async sweep(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.events.claimUndelivered(manager, {
        afterMs: this.env.OUTBOX_REDELIVER_AFTER_MS,
        limit: this.env.OUTBOX_BATCH_SIZE,
        topics: this.registry.handledTopics(),
      });
      let resent = 0;
      let found = 0;
      for (const row of rows) {
        for (const queueName of this.registry.queuesFor(row.topic)) {
          if (row.done.includes(queueName) || row.dead.includes(queueName)) continue;
          const queue = this.queue(queueName);
          const job = await withTimeout(queue.getJob(row.id), ENQUEUE_TIMEOUT_MS);
          if (job) {
            // Waiting, delayed, running or done: leave it. Failed with no letter: its letter was lost.
            if (await withTimeout(job.isFailed(), ENQUEUE_TIMEOUT_MS)) {
              await this.deadLetters.recordFound({
                queue: queueName,
                jobId: row.id,
                jobName: job.name,
                data: job.data as unknown,
                error: deadLetterError(job.failedReason || 'Error: failed'),
                attempts: job.attemptsMade,
              });
              found++;
            }
            continue;
          }
          await withTimeout(
            queue.add(row.topic, this.envelope(row), { ...defaultJobOptions(this.env), jobId: row.id }),
            ENQUEUE_TIMEOUT_MS,
          );
          // Counted as it happens: whoever sees the job again sees it counted.
          resent++;
          this.stats.redelivered++;
        }
      }
      if (resent) {
        this.logger.warn({ part: 'outbox-relay', resent }, 'events sent again after their jobs vanished');
      }
      return resent + found;
    });
  }

  private async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.events.claimDue(manager, {
        limit: this.env.OUTBOX_BATCH_SIZE,
        topics: this.registry.handledTopics(),
      });
      if (rows.length === 0) return 0;
      // One addBulk per queue for the whole batch (job id = outbox id, so a row sent twice is one job).
      // A failure fails the batch: its rows get a backoff and go again; queues that took them dedupe.
      const jobsByQueue = new Map<QueueName, { name: string; data: EventEnvelope; opts: JobsOptions }[]>();
      for (const row of rows) {
        for (const queueName of this.registry.queuesFor(row.topic)) {
          const jobs = jobsByQueue.get(queueName) ?? [];
          jobs.push({
            name: row.topic,
            data: this.envelope(row),
            opts: { ...defaultJobOptions(this.env), jobId: row.id },
          });
          jobsByQueue.set(queueName, jobs);
        }
      }
      try {
        for (const [queueName, jobs] of jobsByQueue) {
          await withTimeout(this.queue(queueName).addBulk(jobs), ENQUEUE_TIMEOUT_MS);
        }
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        await this.events.markFailed(
          manager,
          rows.map((r) => r.id),
          `${e.name}: ${e.message}`.slice(0, 300),
          this.env.OUTBOX_MAX_BACKOFF_MS,
        );
        this.stats.failed += rows.length;
        this.logger.warn(
          { part: 'outbox-relay', failed: rows.length, err: e },
          'events could not be enqueued',
        );
        return rows.length;
      }
      await this.events.markSent(
        manager,
        rows.map((r) => r.id),
      );
      this.stats.enqueued += rows.length;
      return rows.length;
    });
  }

  private envelope(row: ClaimedEvent): EventEnvelope {
    return {
      eventId: row.id,
      topic: row.topic as EventTopic,
      payload: row.payload as EventEnvelope['payload'],
      occurredAt: row.createdAt.toISOString(),
    };
  }

  private queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }
}
