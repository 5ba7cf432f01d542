import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Job } from 'bullmq';
import { EVENT_TOPICS, EventEnvelope, EventTopic, TOPICS } from '../outbox/event-topics';
import { EVENT_HANDLER, EventHandlerMeta, JOB_HANDLER, JobHandlerMeta } from './handler.decorators';
import { ALL_JOB_NAMES, JobName, QueueName } from './queue-names';

type EventFn = (envelope: EventEnvelope, job: Job) => Promise<unknown>;
type JobFn = (data: unknown, job: Job) => Promise<unknown>;

export interface RegisteredEventHandler extends EventHandlerMeta {
  fn: EventFn;
}

export class MissingHandlerError extends Error {}

/**
 * Finds the @HandlesEvent and @HandlesJob methods of every provider. Each topic and job name must have
 * a handler; otherwise the worker does not start.
 */
@Injectable()
export class HandlerRegistry {
  private readonly events = new Map<EventTopic, RegisteredEventHandler[]>();
  private readonly jobs = new Map<string, { queue: QueueName; fn: JobFn }>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  private discovered = false;

  /** Scans the providers once; later calls reuse the result. */
  discover(): void {
    if (this.discovered) return;
    this.discovered = true;
    this.events.clear();
    this.jobs.clear();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance) as object | null;
      if (!proto) continue;
      for (const methodName of this.scanner.getAllMethodNames(proto)) {
        const method = (instance as Record<string, unknown>)[methodName];
        if (typeof method !== 'function') continue;
        const ev = this.reflector.get<EventHandlerMeta | undefined>(EVENT_HANDLER, method);
        if (ev) {
          const list = this.events.get(ev.topic) ?? [];
          if (list.some((h) => h.name === ev.name))
            throw new Error(`Two event handlers are named ${ev.name}`);
          list.push({ ...ev, fn: (method as EventFn).bind(instance) });
          this.events.set(ev.topic, list);
        }
        const jb = this.reflector.get<JobHandlerMeta | undefined>(JOB_HANDLER, method);
        if (jb) {
          if (this.jobs.has(jb.job)) throw new Error(`Job ${jb.job} has two handlers`);
          this.jobs.set(jb.job, { queue: jb.queue, fn: (method as JobFn).bind(instance) });
        }
      }
    }
  }

  /** Throws naming every topic and job without a handler. */
  assertComplete(
    topics: readonly EventTopic[] = EVENT_TOPICS,
    jobs: readonly JobName[] = ALL_JOB_NAMES,
  ): void {
    this.discover();
    const missing = [
      ...topics
        .filter(
          (t) =>
            !this.events.get(t)?.length &&
            !(TOPICS[t] as { awaitingHandlerFrom?: string } | undefined)?.awaitingHandlerFrom,
        )
        .map((t) => `topic ${t}`),
      ...jobs.filter((j) => !this.jobs.has(j)).map((j) => `job ${j}`),
    ];
    if (missing.length) {
      throw new MissingHandlerError(`The worker cannot start: no handler for ${missing.join(', ')}`);
    }
  }

  /** Topics that have at least one handler: the only ones the relay claims. */
  handledTopics(): string[] {
    this.discover();
    return [...this.events.entries()].filter(([, hs]) => hs.length > 0).map(([t]) => t);
  }

  /** The queues an event of this topic goes to: one job per queue, each with the outbox id as job id. */
  queuesFor(topic: string): QueueName[] {
    this.discover();
    return [...new Set((this.events.get(topic as EventTopic) ?? []).map((h) => h.queue))];
  }

  eventHandlers(topic: string, queue: QueueName): RegisteredEventHandler[] {
    this.discover();
    return (this.events.get(topic as EventTopic) ?? []).filter((h) => h.queue === queue);
  }

  jobHandler(name: string, queue: QueueName): JobFn | undefined {
    this.discover();
    const h = this.jobs.get(name);
    return h && h.queue === queue ? h.fn : undefined;
  }

  jobQueue(name: JobName): QueueName | undefined {
    this.discover();
    return this.jobs.get(name)?.queue;
  }
}
