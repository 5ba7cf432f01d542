import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-body';
import { requestIdOf } from './client-error';
import { textProblems } from './input-rules';
import { isCalendarDay, isInstant } from './validators';

describe('exceedsJsonDepth', () => {
  it('allows nesting up to the limit and refuses one level more', () => {
    const nest = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(exceedsJsonDepth(nest(MAX_JSON_DEPTH))).toBe(false);
    expect(exceedsJsonDepth(nest(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it('counts brackets inside strings, escaped quotes included, as text', () => {
    expect(exceedsJsonDepth(JSON.stringify({ a: '[[[[{{{{\\"[[['.repeat(20) }))).toBe(false);
    expect(exceedsJsonDepth(`{"a":"\\"${'['.repeat(100)}"}`)).toBe(false);
  });

  it('refuses a megabyte of brackets at once', () => {
    expect(exceedsJsonDepth('['.repeat(1024 * 1024))).toBe(true);
  });
});

describe('isCalendarDay and isInstant', () => {
  it.each(['2026-02-28', '2024-02-29', '9999-12-31'])('accepts the day %p', (d) => {
    expect(isCalendarDay(d)).toBe(true);
  });
  it.each(['9999-99-99', '2026-02-29', '2026-13-01', '2026-1-01', '0000-01-01', 20260101])(
    'refuses %p',
    (d) => {
      expect(isCalendarDay(d)).toBe(false);
    },
  );
  it.each(['2026-03-10T09:00:00+07:00', '2026-03-10T09:00Z', '2026-03-10T23:59:59.123456-05:30'])(
    'accepts the instant %p',
    (t) => {
      expect(isInstant(t)).toBe(true);
    },
  );
  it.each(['2026-03-10T24:00:00Z', '2026-02-30T09:00:00Z', '2026-03-10T09:00:00', '2026-03-10T09:00+15:00'])(
    'refuses %p',
    (t) => {
      expect(isInstant(t)).toBe(false);
    },
  );
});

describe('textProblems', () => {
  it('names NUL, lone surrogates and over-long strings at any depth', () => {
    const problems = textProblems({
      a: 'x\u0000',
      b: [{ c: '\ud800' }],
      d: 'y'.repeat(10_001),
      e: 'Hà Nội 😀',
    });
    expect(problems.map((p) => [p.field, p.rules?.[0]?.rule])).toEqual([
      ['a', 'noNul'],
      ['b.0.c', 'wellFormed'],
      ['d', 'maxLength'],
    ]);
  });
});

describe('requestIdOf', () => {
  it('keeps a UUID and replaces anything else with a new UUID', () => {
    const id = '0d6f3c52-4b1e-4c43-9a52-6f0b6d3e7a11';
    expect(requestIdOf(id)).toBe(id);
    for (const given of ['req-12345678', `${id}\n{"level":"fatal"}`, undefined, ['a', 'b']]) {
      const made = requestIdOf(given);
      expect(made).toMatch(/^[0-9a-f-]{36}$/);
      expect(made).not.toBe(given);
    }
  });
});
