import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, encodeCursor } from '../../http/keyset';
import { OutboxService } from '../../outbox/outbox.service';
import { DeadLetterRecord, DeadLetterRepository } from '../dead-letter.repository';

/** A dead letter as an admin sees it: the job's name and the error's class and first line, no payload. */
export interface DeadLetterAdminView {
  id: string;
  queue: string;
  jobName: string;
  /** The outbox topic when the job was an event (its job name is the topic). */
  topic: string | null;
  attempts: number;
  error: string;
  failedAt: Date;
  retriedAt: Date | null;
  retryCount: number;
}

const view = (r: DeadLetterRecord): DeadLetterAdminView => ({
  id: r.id,
  queue: r.queue,
  jobName: r.jobName,
  topic: r.isEvent ? r.jobName : null,
  attempts: r.attempts,
  error: r.error,
  failedAt: r.failedAt,
  retriedAt: r.retriedAt,
  retryCount: r.retryCount,
});

/**
 * The dead letters for the admin API. It runs in the API, which never touches the queues: a retry is
 * recorded in PostgreSQL with a 'dead_letter.retry_requested' event in the same transaction, and a worker
 * re-enqueues the job (DeadLetterRetryHandler), so a retry asked while Redis is down waits, it is not lost.
 */
@Injectable()
export class DeadLetterAdmin {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly letters: DeadLetterRepository,
  ) {}

  /** Newest failure first, keyset pages (failed_at, id). */
  async page(opts: {
    cursor?: string;
    limit: number;
  }): Promise<{ items: DeadLetterAdminView[]; nextCursor: string | null }> {
    const after = decodeCursor(opts.cursor, 2);
    const rows = await this.letters.page(
      this.dataSource,
      after ? [String(after[0]), String(after[1])] : null,
      opts.limit + 1,
    );
    const page = rows.slice(0, opts.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(view),
      nextCursor: rows.length > opts.limit && last ? encodeCursor([last.failedAtText, last.id]) : null,
    };
  }

  /**
   * Asks for a retry inside the caller's transaction. An open dead letter is marked retried and its
   * event written (requested: true); one already retried and not failed again since answers as it is
   * (requested: false), so a second click never sends the job twice. Null when there is no such letter.
   */
  async requestRetry(
    manager: EntityManager,
    id: string,
  ): Promise<{ view: DeadLetterAdminView; requested: boolean } | null> {
    const row = await this.letters.lockForUpdate(manager, id);
    if (!row) return null;
    if (row.retriedAt !== null) return { view: view(row), requested: false };
    const updated = await this.letters.markRetried(manager, id);
    if (!updated) return null;
    await this.outbox.write(manager, 'dead_letter.retry_requested', { deadLetterId: id });
    return { view: view(updated), requested: true };
  }
}
