import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '../../outbox/event-topics';
import { DeadLetterService } from '../dead-letter.service';
import { HandlesEvent } from '../handler.decorators';
import { QueueName } from '../queue-names';

/** The worker's half of an admin's retry: re-enqueues the dead letter's job (DeadLetterService.requeue). */
@Injectable()
export class DeadLetterRetryHandler {
  constructor(private readonly deadLetters: DeadLetterService) {}

  @HandlesEvent('dead_letter.retry_requested', {
    queue: QueueName.Maintenance,
    name: 'queue.dead_letter_retry',
  })
  async retry(envelope: EventEnvelope<'dead_letter.retry_requested'>): Promise<void> {
    await this.deadLetters.requeue(envelope.payload.deadLetterId);
  }
}
