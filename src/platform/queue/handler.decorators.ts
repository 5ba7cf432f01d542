import { SetMetadata } from '@nestjs/common';
import type { EventTopic } from '../outbox/event-topics';
import { JobName, QueueName } from './queue-names';

export const EVENT_HANDLER = 'haven:event-handler';
export const JOB_HANDLER = 'haven:job-handler';

export interface EventHandlerMeta {
  topic: EventTopic;
  queue: QueueName;
  /** Stable name, used in receipts and logs: '<module>.<what it does>'. */
  name: string;
}

export interface JobHandlerMeta {
  job: JobName;
  queue: QueueName;
}

/**
 * Marks a provider method as a handler of an outbox topic. The relay sends each event of the topic to
 * the handler's queue (job id = outbox id); the method gets the EventEnvelope and must be idempotent.
 */
export const HandlesEvent = (topic: EventTopic, opts: { queue: QueueName; name: string }): MethodDecorator =>
  SetMetadata(EVENT_HANDLER, { topic, queue: opts.queue, name: opts.name } satisfies EventHandlerMeta);

/** Marks a provider method as the handler of a direct or scheduled job. */
export const HandlesJob = (job: JobName, opts: { queue: QueueName }): MethodDecorator =>
  SetMetadata(JOB_HANDLER, { job, queue: opts.queue } satisfies JobHandlerMeta);
