import { Inject, OnApplicationBootstrap, Type } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { ENV } from '../config/env.module';
import { Env } from '../config/env.schema';
import type { EventEnvelope } from '../outbox/event-topics';
import { OutboxService } from '../outbox/outbox.service';
import { DeadLetterService } from './dead-letter.service';
import { HandlerRegistry } from './handler-registry';
import { jobBackoffStrategy } from './job-options';
import { recordJobOutcome } from './job-metrics';
import { ALL_QUEUES, QueueName } from './queue-names';
import { QueueErrorListener } from './queue-error-listener';

/**
 * The processor of one queue: it switches on job.name, to the handlers of an outbox topic or to the
 * handler of a direct job. A job that still fails after its last attempt becomes a dead letter.
 */
export abstract class DispatchingProcessor extends WorkerHost implements OnApplicationBootstrap {
  protected constructor(
    private readonly queueName: QueueName,
    private readonly registry: HandlerRegistry,
    private readonly deadLetters: DeadLetterService,
    private readonly outbox: OutboxService,
    private readonly errors: QueueErrorListener,
    private readonly env: Env,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.env.WORKER_CONCURRENCY;
  }

  async process(job: Job): Promise<unknown> {
    const eventHandlers = this.registry.eventHandlers(job.name, this.queueName);
    if (eventHandlers.length > 0) {
      const envelope = job.data as EventEnvelope;
      for (const handler of eventHandlers) await handler.fn(envelope, job);
      await this.outbox.markDelivered(
        envelope.eventId,
        this.queueName,
        this.registry.queuesFor(job.name).length,
      );
      return { handlers: eventHandlers.map((h) => h.name) };
    }
    const jobHandler = this.registry.jobHandler(job.name, this.queueName);
    if (jobHandler) return jobHandler(job.data, job);
    throw new UnrecoverableError(`No handler for job ${job.name} on queue ${this.queueName}`);
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.errors.report(`worker:${this.queueName}`, err);
  }

  @OnWorkerEvent('completed')
  onCompleted(job?: Job): void {
    this.errors.recovered(`worker:${this.queueName}`);
    recordJobOutcome(this.queueName, 'completed', job?.name);
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, err: Error): Promise<void> {
    if (!job) return;
    recordJobOutcome(this.queueName, 'failed');
    const attempts = job.opts.attempts ?? 1;
    if (job.attemptsMade >= attempts || err instanceof UnrecoverableError) {
      // Never throws: while PostgreSQL is down the letter is kept and written once it answers.
      await this.deadLetters.recordOrKeep(this.queueName, job, err);
      recordJobOutcome(this.queueName, 'dead_lettered');
    }
  }
}

function processorFor(queue: QueueName): Type<DispatchingProcessor> {
  @Processor(queue, { settings: { backoffStrategy: jobBackoffStrategy } })
  class QueueProcessor extends DispatchingProcessor {
    constructor(
      @Inject(HandlerRegistry) registry: HandlerRegistry,
      @Inject(DeadLetterService) deadLetters: DeadLetterService,
      @Inject(OutboxService) outbox: OutboxService,
      @Inject(QueueErrorListener) errors: QueueErrorListener,
      @Inject(ENV) env: Env,
    ) {
      super(queue, registry, deadLetters, outbox, errors, env);
    }
  }
  Object.defineProperty(QueueProcessor, 'name', {
    value: `${queue.charAt(0).toUpperCase()}${queue.slice(1)}Processor`,
  });
  return QueueProcessor;
}

/** One processor per queue of docs/DESIGN.md §5. */
export const QUEUE_PROCESSORS: Type<DispatchingProcessor>[] = ALL_QUEUES.map(processorFor);
