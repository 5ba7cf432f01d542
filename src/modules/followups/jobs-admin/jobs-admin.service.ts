import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import { DeadLetterAdmin, DeadLetterAdminView } from '../../../platform/queue/admin';
import { AuditService } from '../../audit';
import { FailedJobDto, FailedJobListDto } from './jobs-admin.dto';
import './jobs-admin.errors';

const toDto = (d: DeadLetterAdminView): FailedJobDto => ({
  id: d.id,
  queue: d.queue,
  jobName: d.jobName,
  ...(d.topic ? { topic: d.topic } : {}),
  attempts: d.attempts,
  error: d.error,
  failedAt: d.failedAt.toISOString(),
  ...(d.retriedAt ? { retriedAt: d.retriedAt.toISOString() } : {}),
  retryCount: d.retryCount,
});

/**
 * The admin's view of the dead letters (docs/DESIGN.md §5: "kept in PostgreSQL … for an admin to see and
 * retry"). Background work is this module's part of the product, so the route lives here; the letters
 * themselves are the platform's (DeadLetterAdmin), and the worker re-enqueues.
 */
@Injectable()
export class JobsAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadLetters: DeadLetterAdmin,
    private readonly audit: AuditService,
  ) {}

  async list(query: { cursor?: string; limit?: number }): Promise<FailedJobListDto> {
    const page = await this.deadLetters.page({ cursor: query.cursor, limit: query.limit ?? 50 });
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  /** Idempotent: a dead letter already retried (and not failed again since) answers as it stands. */
  async retry(actor: Actor, id: string): Promise<FailedJobDto> {
    return this.dataSource.transaction(async (m) => {
      const result = await this.deadLetters.requestRetry(m, id);
      if (!result) throw new DomainError('DEAD_LETTER_NOT_FOUND');
      if (result.requested) {
        await this.audit.record(m, {
          action: 'job.retried',
          actor: actor.user,
          entityType: 'dead_letter',
          entityId: id,
          reasonCode: result.view.jobName,
          requestId: actor.requestId,
        });
      }
      return toDto(result.view);
    });
  }
}
