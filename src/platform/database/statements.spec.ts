import { changedCount, firstRow, rowsOf, run, updateReturning } from './base.repository';
import { ident, insertStatement, isUniqueViolation, Queryable, updateStatement } from './statements.sql';

/** A Queryable that records what it was asked and answers `rows`. */
function recorder(rows: unknown[] = []) {
  const calls: { text: string; values: unknown[] | undefined }[] = [];
  const q = {
    query: (text: string, values?: unknown[]) => {
      calls.push({ text, values });
      return Promise.resolve(rows);
    },
  } as unknown as Queryable;
  return { q, calls };
}

describe('statement helpers', () => {
  it('insertStatement: the given columns, numbered placeholders, undefined left out', () => {
    expect(
      insertStatement('cases', { id: 'a', status: 'open', note: undefined, closed_at: null }, 'id'),
    ).toEqual({
      text: 'INSERT INTO cases (id, status, closed_at) VALUES ($1, $2, $3) RETURNING id',
      values: ['a', 'open', null],
    });
  });

  it('insertStatement: refuses no column and a name that is not a plain identifier', () => {
    expect(() => insertStatement('cases', { note: undefined })).toThrow(
      'an INSERT into cases needs at least one column',
    );
    expect(() => insertStatement('cases; DROP TABLE x', { id: 'a' })).toThrow('not a plain SQL identifier');
    expect(() => insertStatement('cases', { 'id) VALUES (1); --': 'a' })).toThrow(
      'not a plain SQL identifier',
    );
  });

  it('updateStatement: the WHERE clause numbers its placeholders after the SET list', () => {
    const s = updateStatement(
      'cases',
      { status: 'closed', note: undefined, version: 4 },
      (p) => `id = ${p.add('c1')} AND version = ${p.add(3)}`,
      {
        extraSet: ['updated_at = now()'],
      },
    );
    expect(s).toEqual({
      text: 'UPDATE cases SET status = $1, version = $2, updated_at = now() WHERE id = $3 AND version = $4',
      values: ['closed', 4, 'c1', 3],
    });
  });

  it('updateStatement: wrapped in a CTE when it returns rows; refuses an empty SET', () => {
    const s = updateStatement('cases', { status: 'closed' }, (p) => `id = ${p.add('c1')}`, {
      returning: 'id',
    });
    expect(s.text).toBe(
      'WITH changed AS (UPDATE cases SET status = $1 WHERE id = $2 RETURNING id) SELECT * FROM changed',
    );
    expect(() => updateStatement('cases', {}, () => 'true')).toThrow(
      'an UPDATE of cases needs at least one column',
    );
    expect(() => updateStatement('Cases', { a: 1 }, () => 'true')).toThrow(
      'not a plain SQL identifier: Cases',
    );
  });

  it('ident: lower-case names only', () => {
    expect(ident('survivors')).toBe('survivors');
    for (const bad of ['', '1a', 'a-b', 'a"b', 'a b', 'x'.repeat(64)]) expect(() => ident(bad)).toThrow();
  });

  it('runs statements on the Queryable it is given', async () => {
    const { q, calls } = recorder([{ n: 2 }]);
    await run(q, { text: 'DELETE FROM x', values: [] });
    expect(await rowsOf(q, 'SELECT 1', [1])).toEqual([{ n: 2 }]);
    expect(await firstRow(q, 'SELECT 1')).toEqual({ n: 2 });
    await updateReturning(q, 'UPDATE x SET a = $1 RETURNING a', [1]);
    expect(await changedCount(q, 'DELETE FROM x WHERE a = $1', [1])).toBe(2);
    expect(calls.map((c) => c.text)).toEqual([
      'DELETE FROM x',
      'SELECT 1',
      'SELECT 1',
      'WITH changed AS (UPDATE x SET a = $1 RETURNING a) SELECT * FROM changed',
      'WITH changed AS (DELETE FROM x WHERE a = $1 RETURNING 1) SELECT count(*)::int AS n FROM changed',
    ]);
    expect(await firstRow(recorder([]).q, 'SELECT 1')).toBeUndefined();
    expect(await changedCount(recorder([]).q, 'DELETE FROM x', [])).toBe(0);
  });

  it('isUniqueViolation: the code, on the error or its driver error, and the constraint when named', () => {
    expect(isUniqueViolation({ code: '23505', constraint: 'a_uq' })).toBe(true);
    expect(isUniqueViolation({ driverError: { code: '23505', constraint: 'a_uq' } }, 'a_uq')).toBe(true);
    expect(isUniqueViolation({ code: '23505', constraint: 'a_uq' }, 'b_uq')).toBe(false);
    expect(isUniqueViolation({ code: '23503' })).toBe(false);
    expect(isUniqueViolation(new Error('x'))).toBe(false);
  });
});
