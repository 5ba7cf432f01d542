import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditChainHeadRepository } from './audit-chain-head.repository';
import { AuditEventRepository } from './audit-event.repository';
import { toStoredRow } from './audit-rows';
import { ChainChecker, ChainFault } from './domain/hash-chain';

export const VERIFY_BATCH_SIZE = 2000;

export interface AuditVerification {
  ok: boolean;
  /** Sealed rows that verified (all of them when ok). */
  checked: number;
  /** Rows not sealed yet (committed since the last seal): not part of the chain yet. */
  unsealed: number;
  /** The id of the first row that does not verify. Absent when rows at the end of the chain are missing. */
  firstBadId?: string;
  fault?: ChainFault | 'unchained_row';
  reason?: string;
}

/**
 * Walks the whole chain by chain_seq from the start, recomputing each hash, in one consistent snapshot
 * (REPEATABLE READ, read-only) and in bounded memory (keyset batches). Bad when a hash does not match, a
 * prev_hash does not link, chain_seq has a gap or repeats, the head disagrees with the chain's end, or a
 * row carries a hash but has no place in the chain.
 */
@Injectable()
export class AuditVerifier {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: AuditEventRepository,
    private readonly chainHead: AuditChainHeadRepository,
  ) {}

  async verify(opts: { batchSize?: number } = {}): Promise<AuditVerification> {
    const batchSize = opts.batchSize ?? VERIFY_BATCH_SIZE;
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await this.chainHead.readOnly(m);
      const head = await this.chainHead.head(m);
      const unsealed = await this.events.countUnsealed(m);
      if (!head) {
        return {
          ok: false,
          checked: 0,
          unsealed,
          fault: 'head_mismatch',
          reason: 'the chain head is missing',
        };
      }

      const checker = new ChainChecker(head);
      let after: string | undefined;
      for (;;) {
        const rows = await this.events.chainAfter(m, after, batchSize);
        let going = true;
        for (const r of rows) {
          going = checker.check(toStoredRow(r));
          if (!going) break;
        }
        const last = rows.at(-1);
        if (!going || !last || rows.length < batchSize) break;
        after = last.chain_seq;
      }

      const failure = checker.finish();
      if (failure) {
        return {
          ok: false,
          checked: checker.checked,
          unsealed,
          ...(failure.id ? { firstBadId: failure.id } : {}),
          fault: failure.fault,
          reason: failure.reason,
        };
      }

      // A row that claims a seal but has no chain_seq is outside the chain walked above.
      const orphan = await this.events.firstUnchained(m);
      if (orphan !== undefined) {
        return {
          ok: false,
          checked: checker.checked,
          unsealed,
          firstBadId: orphan,
          fault: 'unchained_row',
          reason: 'the row carries a hash but has no chain_seq',
        };
      }
      return { ok: true, checked: checker.checked, unsealed };
    });
  }
}
