import { Injectable } from '@nestjs/common';
import { col, firstRow, Queryable, rowShape } from '../../platform/database';
import type { ChainHead } from './domain/hash-chain';

/**
 * The one advisory lock under which the chain grows ("HAVENAUD" in ASCII, read as a bigint). Every sealer,
 * in any process, takes it for the length of its transaction, so the chain has exactly one writer at a time.
 */
export const AUDIT_SEAL_LOCK = '5206537499882640708';

const HEAD = rowShape('audit_chain_head', {
  last_seq: col.text().as('{a}.last_seq::text'),
  last_hash: col.text(),
});

const headOf = (raw: unknown): ChainHead => {
  const r = HEAD.parse(raw);
  return { lastSeq: BigInt(r.last_seq), lastHash: r.last_hash };
};

/** audit_chain_head: the single row naming the chain's last sequence number and hash. */
@Injectable()
export class AuditChainHeadRepository {
  /** Takes the sealers' advisory lock for the rest of the transaction (one chain writer at a time). */
  async lockChain(m: Queryable): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [AUDIT_SEAL_LOCK]);
  }

  /** The head, locked until the transaction ends; undefined when the migrations did not write it. */
  async headForUpdate(m: Queryable): Promise<ChainHead | undefined> {
    const row = await firstRow(m, `SELECT ${HEAD.columns()} FROM audit_chain_head WHERE id = 1 FOR UPDATE`);
    return row === undefined ? undefined : headOf(row);
  }

  /** The head as the transaction's snapshot sees it. */
  async head(m: Queryable): Promise<ChainHead | undefined> {
    const row = await firstRow(m, `SELECT ${HEAD.columns()} FROM audit_chain_head WHERE id = 1`);
    return row === undefined ? undefined : headOf(row);
  }

  async moveHead(m: Queryable, head: ChainHead): Promise<void> {
    await m.query(
      `UPDATE audit_chain_head SET last_seq = $1::bigint, last_hash = $2, sealed_at = now() WHERE id = 1`,
      [head.lastSeq.toString(), head.lastHash],
    );
  }

  /** Makes the caller's (REPEATABLE READ) transaction read-only: the verifier changes nothing. */
  async readOnly(m: Queryable): Promise<void> {
    await m.query(`SET TRANSACTION READ ONLY`);
  }
}
