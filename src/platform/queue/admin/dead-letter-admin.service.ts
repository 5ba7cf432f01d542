import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, encodeCursor } from '../../http/keyset';
import { OutboxService } from '../../outbox/outbox.service';

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

type Row = {
  id: string;
  queue: string;
  job_name: string;
  is_event: boolean;
  attempts: number;
  error: string;
  failed_at: Date;
  failed_at_text: string;
  retried_at: Date | null;
  retry_count: number;
};

const COLUMNS = `d.id, d.queue, d.job_name, (d.payload ? 'eventId' AND d.payload ? 'topic') AS is_event,
  d.attempts, d.error, d.failed_at, d.failed_at::text AS failed_at_text, d.retried_at, d.retry_count`;

const view = (r: Row): DeadLetterAdminView => ({
  id: r.id,
  queue: r.queue,
  jobName: r.job_name,
  topic: r.is_event ? r.job_name : null,
  attempts: r.attempts,
  error: r.error,
  failedAt: r.failed_at,
  retriedAt: r.retried_at,
  retryCount: r.retry_count,
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
  ) {}

  /** Newest failure first, keyset pages (failed_at, id). */
  async page(opts: {
    cursor?: string;
    limit: number;
  }): Promise<{ items: DeadLetterAdminView[]; nextCursor: string | null }> {
    const after = decodeCursor(opts.cursor, 2);
    const rows = await this.dataSource.query<Row[]>(
      `SELECT ${COLUMNS} FROM dead_letters d
        ${after ? 'WHERE (d.failed_at, d.id) < ($2::timestamptz, $3::uuid)' : ''}
        ORDER BY d.failed_at DESC, d.id DESC LIMIT $1`,
      after ? [opts.limit + 1, after[0], after[1]] : [opts.limit + 1],
    );
    const page = rows.slice(0, opts.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(view),
      nextCursor: rows.length > opts.limit && last ? encodeCursor([last.failed_at_text, last.id]) : null,
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
    const [row] = await manager.query<Row[]>(
      `SELECT ${COLUMNS} FROM dead_letters d WHERE d.id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) return null;
    if (row.retried_at !== null) return { view: view(row), requested: false };
    // An UPDATE … RETURNING answers [rows, affected count] through TypeORM's query().
    const [updatedRows] = await manager.query<[Row[], number]>(
      `UPDATE dead_letters d SET retried_at = now(), retry_count = d.retry_count + 1 WHERE d.id = $1
       RETURNING ${COLUMNS}`,
      [id],
    );
    const updated = updatedRows[0];
    if (!updated) return null;
    await this.outbox.write(manager, 'dead_letter.retry_requested', { deadLetterId: id });
    return { view: view(updated), requested: true };
  }
}
