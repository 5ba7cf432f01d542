import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { PINO } from '../logging/logging.module';
import { ALL_QUEUES } from './queue-names';

/**
 * Queues emit 'error' while Redis is away; without a listener BullMQ prints each one. Log the first of a
 * run of errors per queue, and nothing more until the queue works again.
 */
@Injectable()
export class QueueErrorListener implements OnModuleInit {
  private readonly failing = new Set<string>();

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(PINO) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    for (const name of ALL_QUEUES) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      queue.on('error', (err: Error) => {
        this.report(`queue:${name}`, err);
      });
      queue.on('waiting', () => this.failing.delete(`queue:${name}`));
    }
  }

  report(source: string, err: Error): void {
    if (this.failing.has(source)) return;
    this.failing.add(source);
    this.logger.warn({ part: 'queues', source, err }, 'queue connection error; retrying');
  }

  recovered(source: string): void {
    this.failing.delete(source);
  }
}
