import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { DOMAIN_MODULES, platformImports } from './app.module';
import { Env } from './platform/config';
import { WorkerHealthModule } from './platform/health';
import { OutboxRelay } from './platform/outbox';
import { QueueModule } from './platform/queue';
import { QUEUE_PROCESSORS } from './platform/queue/processors';
import { Scheduler } from './platform/queue/scheduler';
import { HandlerStartupCheck } from './platform/queue/startup-check';

/** The worker: queue processors, the outbox relay and the schedulers; no public HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(
    env: Env,
    logger: Logger,
    opts: { relay?: boolean; processors?: boolean } = {},
  ): DynamicModule {
    const relay = opts.relay ?? true;
    const processors = opts.processors ?? true;
    return {
      module: WorkerModule,
      imports: [
        ...platformImports(env, logger, 'haven-worker'),
        QueueModule.forRoot(env),
        WorkerHealthModule,
        ...DOMAIN_MODULES,
      ],
      providers: [
        HandlerStartupCheck,
        ...(relay ? [OutboxRelay, Scheduler] : []),
        ...(processors ? QUEUE_PROCESSORS : []),
      ],
    };
  }
}
