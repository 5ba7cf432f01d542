import { createHash } from 'node:crypto';

/**
 * One audit row as the chain sees it: every recorded column, as text exactly as PostgreSQL holds it.
 * `at` is UTC with microseconds (`2026-03-01T02:03:04.123456Z`), read as text so that no JavaScript Date
 * rounds it; `id` and `chainSeq` are bigint as decimal strings.
 */
export interface ChainRow {
  id: string;
  at: string;
  actorId: string | null;
  actorRoles: readonly string[];
  organizationId: string | null;
  action: string;
  outcome: string;
  entityType: string | null;
  entityId: string | null;
  caseId: string | null;
  reasonCode: string | null;
  reasonTextEnc: string | null;
  requestId: string | null;
  chainSeq: string;
}

/** A sealed row: a ChainRow with the link to its predecessor and its own hash. */
export interface SealedRow extends ChainRow {
  prevHash: string;
  hash: string;
}

/** The hash before the first row. */
export const GENESIS_HASH = '';

/** Names the format, so that a later change of formula can be told apart from tampering. */
export const CHAIN_FORMAT = 'haven-audit-v1';

/**
 * The canonical serialisation: a JSON array in a fixed column order, strings as they are, absent values
 * as null. JSON escapes every string, so no choice of values can make two different rows serialise alike.
 */
export function canonicalRow(prevHash: string, row: ChainRow): string {
  return JSON.stringify([
    CHAIN_FORMAT,
    prevHash,
    row.id,
    row.at,
    row.actorId,
    [...row.actorRoles],
    row.organizationId,
    row.action,
    row.outcome,
    row.entityType,
    row.entityId,
    row.caseId,
    row.reasonCode,
    row.reasonTextEnc,
    row.requestId,
    row.chainSeq,
  ]);
}

/** hash = SHA-256 (hex) of the canonical serialisation, which begins with the previous row's hash. */
export function rowHash(prevHash: string, row: ChainRow): string {
  return createHash('sha256').update(canonicalRow(prevHash, row), 'utf8').digest('hex');
}

/** The chain's position after the last sealed row. */
export interface ChainHead {
  lastSeq: bigint;
  lastHash: string;
}

/**
 * Seals rows in the order given, continuing from the head: consecutive chain_seq values, each row linked
 * to the one before it. Returns the sealed rows and the new head.
 */
export function sealRows(
  head: ChainHead,
  rows: readonly Omit<ChainRow, 'chainSeq'>[],
): { sealed: SealedRow[]; head: ChainHead } {
  let seq = head.lastSeq;
  let prevHash = head.lastHash;
  const sealed: SealedRow[] = [];
  for (const row of rows) {
    seq += 1n;
    const withSeq: ChainRow = { ...row, chainSeq: seq.toString() };
    const hash = rowHash(prevHash, withSeq);
    sealed.push({ ...withSeq, prevHash, hash });
    prevHash = hash;
  }
  return { sealed, head: { lastSeq: seq, lastHash: prevHash } };
}

export type ChainFault = 'seq_gap' | 'prev_hash_mismatch' | 'hash_mismatch' | 'head_mismatch';

export interface ChainFailure {
  fault: ChainFault;
  /** The row that does not verify; absent when the fault is that rows at the end are missing. */
  id?: string;
  reason: string;
}

/** A row read back for verification: prev_hash and hash as stored (null only if someone tampered). */
export type StoredRow = ChainRow & { prevHash: string | null; hash: string | null };

/**
 * Checks a chain piece by piece, in chain_seq order, in bounded memory: give it the head read in the same
 * snapshot, feed it the rows batch by batch (`check`), then `finish`. The first fault found is kept; no
 * row past it is checked.
 */
export class ChainChecker {
  private expectedSeq = 1n;
  private prevHash = GENESIS_HASH;
  private failure: ChainFailure | undefined;
  /** Rows that verified. */
  checked = 0;

  constructor(private readonly head: ChainHead) {}

  /** Returns false once a fault is found. */
  check(row: StoredRow): boolean {
    if (this.failure) return false;
    const seq = BigInt(row.chainSeq);
    if (seq !== this.expectedSeq) {
      return this.fail({
        fault: 'seq_gap',
        id: row.id,
        reason:
          seq > this.expectedSeq
            ? `chain_seq ${row.chainSeq} follows ${(this.expectedSeq - 1n).toString()}: rows are missing`
            : `chain_seq ${row.chainSeq} repeats or goes back (expected ${this.expectedSeq.toString()})`,
      });
    }
    if (seq > this.head.lastSeq) {
      return this.fail({
        fault: 'head_mismatch',
        id: row.id,
        reason: `chain_seq ${row.chainSeq} lies past the head (${this.head.lastSeq.toString()})`,
      });
    }
    if (row.prevHash !== this.prevHash) {
      return this.fail({
        fault: 'prev_hash_mismatch',
        id: row.id,
        reason: `prev_hash does not link to the hash of chain_seq ${(seq - 1n).toString()}`,
      });
    }
    if (row.hash !== rowHash(this.prevHash, row)) {
      return this.fail({
        fault: 'hash_mismatch',
        id: row.id,
        reason: 'the stored hash does not match the row: it was changed after sealing',
      });
    }
    this.prevHash = row.hash;
    this.expectedSeq = seq + 1n;
    this.checked++;
    return true;
  }

  /** The first fault, if any, once every row has been fed in. */
  finish(): ChainFailure | undefined {
    if (this.failure) return this.failure;
    const lastSeq = this.expectedSeq - 1n;
    if (this.head.lastSeq !== lastSeq) {
      this.failure = {
        fault: 'head_mismatch',
        reason: `the head says chain_seq ${this.head.lastSeq.toString()} but the chain ends at ${lastSeq.toString()}: rows at the end are missing`,
      };
    } else if (this.head.lastHash !== this.prevHash) {
      this.failure = {
        fault: 'head_mismatch',
        reason: 'the head hash does not match the hash of the last row',
      };
    }
    return this.failure;
  }

  private fail(f: ChainFailure): false {
    this.failure = f;
    return false;
  }
}
