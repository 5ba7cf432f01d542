import { createHash } from 'node:crypto';
import {
  canonicalRow,
  ChainChecker,
  ChainRow,
  GENESIS_HASH,
  rowHash,
  sealRows,
  SealedRow,
} from './hash-chain';

const base = (id: number): Omit<ChainRow, 'chainSeq'> => ({
  id: String(id),
  at: `2026-03-01T02:03:04.${String(100000 + id).padStart(6, '0')}Z`,
  actorId: '7f1c2b9e-4b3a-4c1d-9e2f-0a1b2c3d4e5f',
  actorRoles: ['counsellor', 'supervisor'],
  organizationId: '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
  action: 'case.read',
  outcome: 'success',
  entityType: 'case',
  entityId: `case-${id}`,
  caseId: null,
  reasonCode: null,
  reasonTextEnc: null,
  requestId: `req-${id}`,
});

const chainOf = (n: number): SealedRow[] =>
  sealRows(
    { lastSeq: 0n, lastHash: GENESIS_HASH },
    Array.from({ length: n }, (_, i) => base(i + 1)),
  ).sealed;

const headOf = (rows: SealedRow[]) => ({
  lastSeq: BigInt(rows.length),
  lastHash: rows.at(-1)?.hash ?? GENESIS_HASH,
});

describe('the audit hash chain', () => {
  it('hashes the previous hash and every recorded column as SHA-256 hex of the canonical JSON', () => {
    const row: ChainRow = { ...base(1), chainSeq: '1' };
    const expected = createHash('sha256')
      .update(
        JSON.stringify([
          'haven-audit-v1',
          '',
          '1',
          row.at,
          row.actorId,
          ['counsellor', 'supervisor'],
          row.organizationId,
          'case.read',
          'success',
          'case',
          'case-1',
          null,
          null,
          null,
          'req-1',
          '1',
        ]),
      )
      .digest('hex');
    expect(rowHash('', row)).toBe(expected);
    expect(rowHash('', row)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[keyof ChainRow, unknown]>([
    ['id', '2'],
    ['at', '2026-03-01T02:03:04.100002Z'],
    ['actorId', null],
    ['actorRoles', ['counsellor']],
    ['organizationId', null],
    ['action', 'case.updated'],
    ['outcome', 'denied'],
    ['entityType', 'user'],
    ['entityId', 'case-2'],
    ['caseId', '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e'],
    ['reasonCode', 'covering_colleague'],
    ['reasonTextEnc', 'v1:t1:abc'],
    ['requestId', 'req-2'],
    ['chainSeq', '2'],
  ])('changes the hash when %s changes', (column, value) => {
    const row: ChainRow = { ...base(1), chainSeq: '1' };
    const changed: ChainRow = { ...row, [column]: value };
    expect(rowHash('', changed)).not.toBe(rowHash('', row));
  });

  it('changes the hash when the previous hash changes', () => {
    const row: ChainRow = { ...base(1), chainSeq: '1' };
    expect(rowHash('a'.repeat(64), row)).not.toBe(rowHash('', row));
  });

  it('tells apart a null from the text "null" and values that would run together', () => {
    const row: ChainRow = { ...base(1), chainSeq: '1' };
    expect(canonicalRow('', { ...row, caseId: null })).not.toBe(canonicalRow('', { ...row, caseId: 'null' }));
    const a = { ...row, entityType: 'ab', entityId: 'c' };
    const b = { ...row, entityType: 'a', entityId: 'bc' };
    expect(rowHash('', a)).not.toBe(rowHash('', b));
    const roles1 = { ...row, actorRoles: ['a,b'] };
    const roles2 = { ...row, actorRoles: ['a', 'b'] };
    expect(rowHash('', roles1)).not.toBe(rowHash('', roles2));
  });

  it('seals rows with consecutive chain_seq values, each linked to the one before, starting at the empty hash', () => {
    const rows = chainOf(3);
    expect(rows.map((r) => r.chainSeq)).toEqual(['1', '2', '3']);
    expect(rows[0]!.prevHash).toBe('');
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[2]!.prevHash).toBe(rows[1]!.hash);
  });

  it('continues a chain from its head, giving the same chain as sealing all rows at once', () => {
    const all = chainOf(5);
    const first = sealRows({ lastSeq: 0n, lastHash: '' }, [base(1), base(2)]);
    const second = sealRows(first.head, [base(3), base(4), base(5)]);
    expect([...first.sealed, ...second.sealed]).toEqual(all);
    expect(second.head).toEqual({ lastSeq: 5n, lastHash: all[4]!.hash });
  });

  it('leaves the head as it was when there is nothing to seal', () => {
    const head = { lastSeq: 7n, lastHash: 'f'.repeat(64) };
    expect(sealRows(head, [])).toEqual({ sealed: [], head });
  });

  describe('verification', () => {
    const verify = (rows: SealedRow[], head = headOf(rows)) => {
      const checker = new ChainChecker(head);
      for (const r of rows) if (!checker.check(r)) break;
      return { failure: checker.finish(), checked: checker.checked };
    };

    it('accepts an intact chain and counts its rows', () => {
      expect(verify(chainOf(10))).toEqual({ failure: undefined, checked: 10 });
    });

    it('accepts the empty chain', () => {
      expect(verify([])).toEqual({ failure: undefined, checked: 0 });
    });

    it('names the row whose content changed after sealing', () => {
      const rows = chainOf(5);
      rows[2] = { ...rows[2]!, action: 'case.exported' };
      const result = verify(rows);
      expect(result.failure).toEqual(expect.objectContaining({ fault: 'hash_mismatch', id: '3' }));
      expect(result.checked).toBe(2);
    });

    it('names the row whose hash was recomputed to hide a change (its successor no longer links)', () => {
      const rows = chainOf(5);
      const changed = { ...rows[2]!, action: 'case.exported' };
      rows[2] = { ...changed, hash: rowHash(changed.prevHash, changed) };
      expect(verify(rows).failure).toEqual(expect.objectContaining({ fault: 'prev_hash_mismatch', id: '4' }));
    });

    it('names the row after a deleted one', () => {
      const rows = chainOf(5);
      rows.splice(1, 1);
      expect(verify(rows).failure).toEqual(expect.objectContaining({ fault: 'seq_gap', id: '3' }));
    });

    it('finds rows deleted at the end through the head', () => {
      const rows = chainOf(5);
      const head = headOf(rows);
      expect(verify(rows.slice(0, 3), head).failure).toEqual(
        expect.objectContaining({ fault: 'head_mismatch' }),
      );
    });

    it('finds a head whose hash does not match the last row', () => {
      const rows = chainOf(3);
      expect(verify(rows, { lastSeq: 3n, lastHash: 'e'.repeat(64) }).failure).toEqual(
        expect.objectContaining({ fault: 'head_mismatch' }),
      );
    });

    it('names a row that lies past the head', () => {
      const rows = chainOf(4);
      expect(verify(rows, headOf(rows.slice(0, 3))).failure).toEqual(
        expect.objectContaining({ fault: 'head_mismatch', id: '4' }),
      );
    });

    it('names a row whose chain_seq repeats', () => {
      const rows = chainOf(3);
      rows.splice(2, 0, { ...rows[1]!, id: '99' });
      expect(verify(rows).failure).toEqual(expect.objectContaining({ fault: 'seq_gap', id: '99' }));
    });

    it('names a row whose hash was removed', () => {
      const rows = chainOf(3);
      const bad = { ...rows[1]!, hash: null } as unknown as SealedRow;
      rows[1] = bad;
      expect(verify(rows).failure).toEqual(expect.objectContaining({ fault: 'hash_mismatch', id: '2' }));
    });
  });
});
