import { Injectable } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { OutboxService } from '../outbox/outbox.service';
import { registerOutboxGauges } from './outbox-gauges';
import { HandlerRegistry } from '../queue/handler-registry';
import { JOBS_PROCESSED, lastFinishedInProcess } from '../queue/job-metrics';
import { ALL_QUEUES, QueueName } from '../queue/queue-names';
import { SCHEDULES } from '../queue/scheduler';
import { withTimeout } from '../queue/with-timeout';

/** Redis is asked at most this often, however often Prometheus scrapes. */
const CACHE_MS = 5_000;
const QUEUE_STATES = ['waiting', 'active', 'delayed'] as const;

interface QueueSnapshot {
  at: number;
  counts: Map<QueueName, Record<string, number>>;
  /** Epoch ms of the newest completion of each scheduled job that Redis still keeps. */
  scheduledFinished: Map<string, number>;
}

/**
 * The worker's Prometheus metrics, served on WORKER_HEALTH_PORT at /metrics (startWorkerHealthServer):
 * queue depth, jobs processed, dead letters, outbox backlog and scheduler lag. Labels are queue names, job
 * names, states and outcomes only. Redis being away leaves the queue gauges out; the rest still answers.
 */
@Injectable()
export class WorkerMetrics {
  readonly registry = new Registry();
  private snapshot: QueueSnapshot | undefined;
  private pending: Promise<QueueSnapshot | undefined> | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    outbox: OutboxService,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'haven_worker_' });
    this.registry.registerMetric(JOBS_PROCESSED);
    registerOutboxGauges(this.registry, outbox);
    const queues = async () => this.queueSnapshot();
    new Gauge<'queue' | 'state'>({
      name: 'haven_queue_jobs',
      help: 'Jobs in each queue by state (waiting, active, delayed); absent while Redis does not answer',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const s = await queues();
        for (const [queue, counts] of s?.counts ?? []) {
          for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
    new Gauge<'job'>({
      name: 'haven_scheduler_lag_seconds',
      help: 'Seconds since each scheduled job (e.g. followups.scan) last finished; absent until it has',
      labelNames: ['job'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const s = await queues();
        const now = Date.now();
        for (const { job } of SCHEDULES) {
          const finished = Math.max(lastFinishedInProcess(job) ?? 0, s?.scheduledFinished.get(job) ?? 0);
          if (finished > 0) this.set({ job }, Math.max(0, (now - finished) / 1000));
        }
      },
    });
  }

  /** Prometheus text. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  private async queueSnapshot(): Promise<QueueSnapshot | undefined> {
    if (this.snapshot && Date.now() - this.snapshot.at < CACHE_MS) return this.snapshot;
    // One Redis round per cache period, even when several gauges (or scrapes) ask at once.
    this.pending ??= this.readQueues().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async readQueues(): Promise<QueueSnapshot | undefined> {
    try {
      const counts = new Map<QueueName, Record<string, number>>();
      for (const name of ALL_QUEUES) {
        counts.set(name, await withTimeout(this.queue(name).getJobCounts(...QUEUE_STATES), 1_000));
      }
      const scheduledFinished = new Map<string, number>();
      for (const { job } of SCHEDULES) {
        const queueName = this.moduleRef.get(HandlerRegistry, { strict: false }).jobQueue(job);
        if (!queueName) continue;
        // Scheduled runs keep their last 100 completions; the newest of this name among the newest 200.
        const done = await withTimeout(this.queue(queueName).getJobs(['completed'], 0, 199, false), 1_000);
        const newest = done
          .filter((j) => j.name === (job as string) && j.finishedOn)
          .reduce((max, j) => Math.max(max, j.finishedOn ?? 0), 0);
        if (newest > 0) scheduledFinished.set(job, newest);
      }
      this.snapshot = { at: Date.now(), counts, scheduledFinished };
      return this.snapshot;
    } catch {
      // Redis away: the queue gauges stay out of this scrape rather than fail it.
      this.snapshot = undefined;
      return undefined;
    }
  }

  private queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }
}
