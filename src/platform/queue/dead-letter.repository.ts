import { Injectable } from '@nestjs/common';
import { firstRow, rowsOf, run, updateReturning } from '../database/base.repository';
import { Queryable } from '../database/statements.sql';
import { col, rowShape } from '../database/row';

/** A dead letter as stored, without its payload. */
export interface DeadLetterRecord {
  id: string;
  queue: string;
  jobId: string;
  jobName: string;
  /** The job's data was an outbox event's envelope (its job name is then the topic). */
  isEvent: boolean;
  error: string;
  attempts: number;
  failedAt: Date;
  /** failed_at as PostgreSQL's text, exact to the microsecond (the keyset cursor). */
  failedAtText: string;
  retriedAt: Date | null;
  retryCount: number;
}

/** What a retry needs: where the job goes, its name and its data (ids only). */
export interface DeadLetterJob {
  queue: string;
  jobId: string;
  jobName: string;
  payload: unknown;
}

/** What is written when a job failed for the last time. */
export interface NewDeadLetter {
  queue: string;
  jobId: string;
  jobName: string;
  data: unknown;
  error: string;
  attempts: number;
}

const RECORD = rowShape('dead_letters', {
  id: col.uuid(),
  queue: col.text(),
  job_id: col.text(),
  job_name: col.text(),
  is_event: col.bool().as(`({a}.payload ? 'eventId' AND {a}.payload ? 'topic')`),
  error: col.text(),
  attempts: col.int(),
  failed_at: col.time(),
  failed_at_text: col.text().as('{a}.failed_at::text'),
  retried_at: col.time().orNull(),
  retry_count: col.int(),
});

const JOB = rowShape('dead_letters (job)', {
  queue: col.text(),
  job_id: col.text(),
  job_name: col.text(),
  payload: col.json<unknown>(),
});

const record = (raw: unknown): DeadLetterRecord => {
  const r = RECORD.parse(raw);
  return {
    id: r.id,
    queue: r.queue,
    jobId: r.job_id,
    jobName: r.job_name,
    isEvent: r.is_event,
    error: r.error,
    attempts: r.attempts,
    failedAt: r.failed_at,
    failedAtText: r.failed_at_text,
    retriedAt: r.retried_at,
    retryCount: r.retry_count,
  };
};

/** The dead_letters table: jobs that exhausted their attempts, for the admins and the worker's retries. */
@Injectable()
export class DeadLetterRepository {
  /** Writes the letter; a job that failed again replaces its earlier letter and opens it again. */
  async upsert(q: Queryable, l: NewDeadLetter): Promise<void> {
    await run(q, {
      text: `INSERT INTO dead_letters (queue, job_id, job_name, payload, error, attempts)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (queue, job_id) DO UPDATE
         SET error = EXCLUDED.error, attempts = EXCLUDED.attempts, failed_at = now(), retried_at = NULL`,
      values: [l.queue, l.jobId, l.jobName, JSON.stringify(l.data ?? {}), l.error, l.attempts],
    });
  }

  /** Newest failure first; only the open ones (not retried) unless `open` is false. */
  async list(q: Queryable, opts: { open: boolean; limit: number }): Promise<DeadLetterRecord[]> {
    const rows = await rowsOf(
      q,
      `SELECT ${RECORD.columns('d')} FROM dead_letters d ${opts.open ? 'WHERE d.retried_at IS NULL' : ''}
        ORDER BY d.failed_at DESC LIMIT $1`,
      [opts.limit],
    );
    return rows.map(record);
  }

  /** Keyset page, newest failure first by (failed_at, id); `after` is the last (failed_at text, id) seen. */
  async page(
    q: Queryable,
    after: readonly [string, string] | null,
    limit: number,
  ): Promise<DeadLetterRecord[]> {
    const rows = await rowsOf(
      q,
      `SELECT ${RECORD.columns('d')} FROM dead_letters d
        ${after ? 'WHERE (d.failed_at, d.id) < ($2::timestamptz, $3::uuid)' : ''}
        ORDER BY d.failed_at DESC, d.id DESC LIMIT $1`,
      after ? [limit, after[0], after[1]] : [limit],
    );
    return rows.map(record);
  }

  /** The letter, locked until the transaction ends. */
  async lockForUpdate(m: Queryable, id: string): Promise<DeadLetterRecord | undefined> {
    const row = await firstRow(
      m,
      `SELECT ${RECORD.columns('d')} FROM dead_letters d WHERE d.id = $1 FOR UPDATE`,
      [id],
    );
    return row ? record(row) : undefined;
  }

  /** Marks the letter retried (and counts the retry); the letter as it is then. */
  async markRetried(m: Queryable, id: string): Promise<DeadLetterRecord | undefined> {
    const [row] = await updateReturning(
      m,
      `UPDATE dead_letters d SET retried_at = now(), retry_count = d.retry_count + 1 WHERE d.id = $1
       RETURNING ${RECORD.columns('d')}`,
      [id],
    );
    return row ? record(row) : undefined;
  }

  /** The job of a letter; only of a letter marked retried when `retriedOnly`. */
  async job(q: Queryable, id: string, opts: { retriedOnly: boolean }): Promise<DeadLetterJob | undefined> {
    const row = await firstRow(
      q,
      `SELECT queue, job_id, job_name, payload FROM dead_letters
        WHERE id = $1 ${opts.retriedOnly ? 'AND retried_at IS NOT NULL' : ''}`,
      [id],
    );
    if (!row) return undefined;
    const r = JOB.parse(row);
    return { queue: r.queue, jobId: r.job_id, jobName: r.job_name, payload: r.payload };
  }
}
