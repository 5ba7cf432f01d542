import { DomainError } from './domain-error';
import { decodeCursor, encodeCursor } from './keyset';

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
