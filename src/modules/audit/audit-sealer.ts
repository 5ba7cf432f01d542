import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { HandlesJob, JobName, QueueName } from '../../platform/queue';
import { AUDIT_ROW_COLUMNS, AuditRowRecord, toUnsealedRow } from './audit-rows';
import { sealRows } from './domain/hash-chain';

/**
 * The one advisory lock under which the chain grows ("HAVENAUD" in ASCII, read as a bigint). Every sealer,
 * in any process, takes it for the length of its transaction, so the chain has exactly one writer at a time.
 */
export const AUDIT_SEAL_LOCK = '5206537499882640708';

export const SEAL_BATCH_SIZE = 1000;
/** A scheduled run seals at most this many batches, so that one run never holds the lock for long. */
export const SEAL_MAX_BATCHES_PER_RUN = 50;

export interface SealResult {
  /** Rows sealed by this call. */
  sealed: number;
  /** The chain_seq of the last sealed row after this call ('0' for an empty chain). */
  lastSeq: string;
}

/**
 * Seals committed audit rows into the hash chain, after the fact (docs/DESIGN.md §7): requests only INSERT
 * their rows and never wait on the chain head. Each batch is one transaction under AUDIT_SEAL_LOCK: read
 * the head, lock the oldest unsealed rows in id order, give them chain_seq, prev_hash and hash (the one
 * UPDATE the append-only trigger allows), move the head. A row committed late (smaller id, committed after
 * a later row was sealed) is simply sealed in a later batch: the chain is in sealing order, chain_seq.
 */
@Injectable()
export class AuditSealer {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The scheduled job (every few seconds, maintenance queue). Safe to run twice or concurrently. */
  @HandlesJob(JobName.AuditSeal, { queue: QueueName.Maintenance })
  async sealJob(): Promise<SealResult> {
    return this.sealNow({ maxBatches: SEAL_MAX_BATCHES_PER_RUN });
  }

  /**
   * Seals every row committed before the call, batch by batch (for the command line and the tests), or
   * up to maxBatches batches.
   */
  async sealNow(opts: { batchSize?: number; maxBatches?: number } = {}): Promise<SealResult> {
    const batchSize = opts.batchSize ?? SEAL_BATCH_SIZE;
    const maxBatches = opts.maxBatches ?? Number.POSITIVE_INFINITY;
    let sealed = 0;
    let lastSeq = '0';
    for (let batch = 0; batch < maxBatches; batch++) {
      const r = await this.dataSource.transaction((m) => this.sealBatch(m, batchSize));
      sealed += r.sealed;
      lastSeq = r.lastSeq;
      if (r.sealed < batchSize) break;
    }
    return { sealed, lastSeq };
  }

  private async sealBatch(m: EntityManager, batchSize: number): Promise<SealResult> {
    // Taken first: under READ COMMITTED every later statement then sees what the previous sealer committed.
    await m.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [AUDIT_SEAL_LOCK]);
    const [head] = await m.query<{ last_seq: string; last_hash: string }[]>(
      `SELECT last_seq::text AS last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`,
    );
    if (!head) throw new Error('audit_chain_head has no row: the migrations did not run');
    const rows = await m.query<AuditRowRecord[]>(
      `SELECT ${AUDIT_ROW_COLUMNS} FROM audit_events WHERE hash IS NULL ORDER BY audit_events.id LIMIT $1 FOR UPDATE`,
      [batchSize],
    );
    if (rows.length === 0) return { sealed: 0, lastSeq: head.last_seq };

    const result = sealRows(
      { lastSeq: BigInt(head.last_seq), lastHash: head.last_hash },
      rows.map(toUnsealedRow),
    );
    const [, updated] = await m.query<[unknown, number]>(
      `UPDATE audit_events e SET chain_seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(id, seq, prev_hash, hash)
        WHERE e.id = v.id AND e.hash IS NULL`,
      [
        result.sealed.map((r) => r.id),
        result.sealed.map((r) => r.chainSeq),
        result.sealed.map((r) => r.prevHash),
        result.sealed.map((r) => r.hash),
      ],
    );
    if (updated !== rows.length) {
      throw new Error(`audit sealer updated ${updated} of ${rows.length} rows; nothing was sealed`);
    }
    const lastSeq = result.head.lastSeq.toString();
    await m.query(
      `UPDATE audit_chain_head SET last_seq = $1::bigint, last_hash = $2, sealed_at = now() WHERE id = 1`,
      [lastSeq, result.head.lastHash],
    );
    return { sealed: rows.length, lastSeq };
  }
}
