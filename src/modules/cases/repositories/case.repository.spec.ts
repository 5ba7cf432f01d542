import type { CryptoService } from '../../../platform/crypto';
import type { Queryable } from '../../../platform/database';
import { CaseRepository } from './case.repository';

/** A Queryable that records the statement and answers no rows. */
function recorder(): { q: Queryable; calls: { text: string; values: unknown[] }[] } {
  const calls: { text: string; values: unknown[] }[] = [];
  const q = {
    query: (text: string, values: unknown[]) => {
      calls.push({ text, values });
      return Promise.resolve([]);
    },
  } as unknown as Queryable;
  return { q, calls };
}

describe('CaseRepository.pageByAccess', () => {
  const repo = new CaseRepository({} as CryptoService);

  it('numbers its own placeholders after the access filter’s, and fetches limit + 1 rows', async () => {
    const { q, calls } = recorder();
    const access = { sql: 'c.organization_id = $1 AND c.assignee_id = $2', params: ['org', 'me'] };
    await repo.pageByAccess(
      q,
      access,
      { status: 'open', assigneeId: null },
      ['1700000000000000', 'id-9'],
      20,
    );
    const [call] = calls;
    expect(call?.text).toContain('(c.organization_id = $1 AND c.assignee_id = $2)');
    expect(call?.text).toContain('c.status = $3::text');
    expect(call?.text).toContain('c.assignee_id IS NULL');
    expect(call?.text).toContain('< ($4::bigint, $5::uuid)');
    expect(call?.text).toMatch(/LIMIT \$6$/);
    expect(call?.values).toEqual(['org', 'me', 'open', '1700000000000000', 'id-9', 21]);
  });

  it('gives equal values one placeholder, cast at each use', async () => {
    const { q, calls } = recorder();
    const id = '0b6c2f4e-2a7e-4d2b-9a53-6a1f1d2f9c11';
    await repo.pageByAccess(q, { sql: 'TRUE', params: [] }, { reference: id, createdBy: id }, undefined, 5);
    expect(calls[0]?.text).toContain('c.reference = $1::text');
    expect(calls[0]?.text).toContain('c.created_by = $1::uuid');
    expect(calls[0]?.values).toEqual([id, 6]);
  });

  it('searches survivors by blind index only, never by a value', async () => {
    const { q, calls } = recorder();
    await repo.pageByAccess(q, { sql: 'TRUE', params: [] }, { survivorPhoneIndex: 'k:ix' }, undefined, 50);
    expect(calls[0]?.text).toContain('s.phone_indexes @> ARRAY[$1]::text[]');
    expect(calls[0]?.values).toEqual(['k:ix', 51]);
  });
});
