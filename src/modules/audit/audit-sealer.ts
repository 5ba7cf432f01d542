import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { HandlesJob, JobName, QueueName } from '../../platform/queue';
import { AuditChainHeadRepository } from './audit-chain-head.repository';
import { AuditEventRepository } from './audit-event.repository';
import { toUnsealedRow } from './audit-rows';
import { sealRows } from './domain/hash-chain';

export { AUDIT_SEAL_LOCK } from './audit-chain-head.repository';

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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: AuditEventRepository,
    private readonly chainHead: AuditChainHeadRepository,
  ) {}

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
    await this.chainHead.lockChain(m);
    const head = await this.chainHead.headForUpdate(m);
    if (!head) throw new Error('audit_chain_head has no row: the migrations did not run');
    const rows = await this.events.lockUnsealed(m, batchSize);
    if (rows.length === 0) return { sealed: 0, lastSeq: head.lastSeq.toString() };

    const result = sealRows(head, rows.map(toUnsealedRow));
    const updated = await this.events.seal(m, result.sealed);
    if (updated !== rows.length) {
      throw new Error(`audit sealer updated ${updated} of ${rows.length} rows; nothing was sealed`);
    }
    await this.chainHead.moveHead(m, result.head);
    return { sealed: rows.length, lastSeq: result.head.lastSeq.toString() };
  }
}
