import { assertIdsOnly } from './event-topics';

describe('assertIdsOnly', () => {
  it.each([
    ['a UUID', '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b'],
    ['an upper-case UUID', '3F2B8C1E-9A4D-4E6F-8B7A-1C2D3E4F5A6B'],
    ['an ISO time in UTC', '2026-03-01T10:15:30.123Z'],
    ['an ISO time with an offset', '2026-03-01T17:15:30+07:00'],
    ['an ISO date', '2026-03-01'],
    ['a snake_case key', 'physical_assault'],
    ['a dotted key', 'system.probe'],
    ['a case reference', 'HN-2026-000123'],
  ])('accepts %s', (_what, value) => {
    expect(() => {
      assertIdsOnly({ value });
    }).not.toThrow();
  });

  it('accepts numbers, booleans and null', () => {
    expect(() => {
      assertIdsOnly({ count: 3, ratio: 0.5, urgent: true, closed: false, closedAt: null });
    }).not.toThrow();
  });

  it('accepts nested objects and arrays of ids', () => {
    expect(() => {
      assertIdsOnly({
        caseId: '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b',
        referral: { toServiceKey: 'safe_house', at: '2026-03-01T10:15:30Z' },
        violenceTypes: ['rape', 'psychological_abuse'],
        steps: [{ n: 1, done: true }],
      });
    }).not.toThrow();
  });

  it.each(['0912345678', '+84912345678', '+84 91 234 5678'])(
    'refuses the phone number %p in a payload',
    (phone) => {
      expect(() => {
        assertIdsOnly({ contact: phone });
      }).toThrow(/payload\.contact/);
    },
  );

  it.each(['Nguyễn Thị Lan', 'Nguyen Thi Lan', 'Lan'])('refuses the name %p in a payload', (name) => {
    expect(() => {
      assertIdsOnly({ survivor: name });
    }).toThrow('not an id, time, key or reference');
  });

  it('refuses free text in a payload', () => {
    expect(() => {
      assertIdsOnly({ note: 'She called from a neighbour’s house at night.' });
    }).toThrow();
  });

  it('refuses a phone number hidden deep in an array', () => {
    expect(() => {
      assertIdsOnly({ a: { b: [{ c: 'rape' }, { c: '0912345678' }] } });
    }).toThrow(/payload\.a\.b\[1\]\.c/);
  });

  it('names the path but never the refused value', () => {
    let message = '';
    try {
      assertIdsOnly({ caller: 'Nguyễn Thị Lan' });
    } catch (e: unknown) {
      message = (e as Error).message;
    }
    expect(message).toContain('payload.caller');
    expect(message).not.toContain('Nguyễn');
  });

  it('refuses values that are not JSON data', () => {
    expect(() => {
      assertIdsOnly({ f: () => 1 });
    }).toThrow('unsupported type');
    expect(() => {
      assertIdsOnly({ n: BigInt(1) });
    }).toThrow('unsupported type');
  });
});
