import { DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { DiscoveryModule } from '@nestjs/core';
import { Env } from '../config/env.schema';
import { DeadLetterRetryHandler } from './admin/dead-letter-retry.handler';
import { DeadLetterRepository } from './dead-letter.repository';
import { DeadLetterService } from './dead-letter.service';
import { HandlerRegistry } from './handler-registry';
import { defaultJobOptions } from './job-options';
import { ALL_QUEUES } from './queue-names';
import { QueueErrorListener } from './queue-error-listener';
import { redisOptionsFromUrl } from './redis-connection';

/**
 * BullMQ on Redis with the queues of docs/DESIGN.md §5. Imported by the worker and the command line; the API
 * does not touch the queues (it writes events to the outbox), so it keeps working while Redis is down.
 */
@Module({})
export class QueueModule {
  static forRoot(env: Env): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        DiscoveryModule,
        BullModule.forRoot({
          connection: { ...redisOptionsFromUrl(env.REDIS_URL), maxRetriesPerRequest: null },
          prefix: env.REDIS_KEY_PREFIX,
          defaultJobOptions: defaultJobOptions(env),
        }),
        BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
      ],
      providers: [
        HandlerRegistry,
        DeadLetterRepository,
        DeadLetterService,
        QueueErrorListener,
        DeadLetterRetryHandler,
      ],
      exports: [BullModule, HandlerRegistry, DeadLetterService, QueueErrorListener],
    };
  }
}
