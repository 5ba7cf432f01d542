import { DomainError } from './domain-error';
import { decodeCursor, encodeCursor, pageOf } from './keyset';

describe('keyset cursors', () => {
  it('give back the sort values they were made from', () => {
    const values = ['2026-11-26 20:15:01.123456+00', '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b'];
    expect(decodeCursor(encodeCursor(values), 2)).toEqual(values);
  });

  it('are absent when no cursor was sent', () => {
    expect(decodeCursor(undefined, 2)).toBeUndefined();
  });

  it.each(['not-base64-json', encodeCursor(['only one']), Buffer.from('{"a":1}').toString('base64url')])(
    'refuse %p with a validation error naming the cursor',
    (text) => {
      expect.assertions(2);
      try {
        decodeCursor(text, 2);
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).params.fields).toBe('cursor');
      }
    },
  );
});

describe('pageOf', () => {
  const rows = [
    { id: 'a', at: '1' },
    { id: 'b', at: '2' },
    { id: 'c', at: '3' },
  ];
  const sort = (r: { id: string; at: string }) => [r.at, r.id];
  const item = (r: { id: string }) => ({ id: r.id.toUpperCase() });

  it('shows `limit` rows and a cursor of the last one shown when one more row was fetched', () => {
    const page = pageOf(rows, 2, sort, item);
    expect(page.items).toEqual([{ id: 'A' }, { id: 'B' }]);
    expect(page.nextCursor).not.toBeNull();
    expect(decodeCursor(page.nextCursor ?? undefined, 2)).toEqual(['2', 'b']);
  });

  it('has no cursor on the last page (no row beyond the limit), nor on an empty one', () => {
    expect(pageOf(rows, 3, sort, item)).toEqual({
      items: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
      nextCursor: null,
    });
    expect(pageOf(rows.slice(0, 2), 3, sort, item).nextCursor).toBeNull();
    expect(pageOf([], 3, sort, item)).toEqual({ items: [], nextCursor: null });
  });
});
