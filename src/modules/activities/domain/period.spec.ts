import { parsePeriod, periodContainsDay } from './period';

describe('parsePeriod', () => {
  it.each([
    ['2026', '2025-12-31T17:00:00.000Z', '2026-12-31T17:00:00.000Z', '2026-01-01', '2026-12-31'],
    ['2026-H1', '2025-12-31T17:00:00.000Z', '2026-06-30T17:00:00.000Z', '2026-01-01', '2026-06-30'],
    ['2026-H2', '2026-06-30T17:00:00.000Z', '2026-12-31T17:00:00.000Z', '2026-07-01', '2026-12-31'],
    ['2026-Q1', '2025-12-31T17:00:00.000Z', '2026-03-31T17:00:00.000Z', '2026-01-01', '2026-03-31'],
    ['2026-Q4', '2026-09-30T17:00:00.000Z', '2026-12-31T17:00:00.000Z', '2026-10-01', '2026-12-31'],
    ['2024-02', '2024-01-31T17:00:00.000Z', '2024-02-29T17:00:00.000Z', '2024-02-01', '2024-02-29'],
    ['2026-12', '2026-11-30T17:00:00.000Z', '2026-12-31T17:00:00.000Z', '2026-12-01', '2026-12-31'],
  ])('%s runs from Hanoi midnight to Hanoi midnight', (text, from, to, first, last) => {
    const p = parsePeriod(text);
    expect(p?.from.toISOString()).toBe(from);
    expect(p?.to.toISOString()).toBe(to);
    expect(p?.firstDay).toBe(first);
    expect(p?.lastDay).toBe(last);
  });

  it('names the kind', () => {
    expect(['2026', '2026-H1', '2026-Q2', '2026-05'].map((t) => parsePeriod(t)?.kind)).toEqual([
      'year',
      'half',
      'quarter',
      'month',
    ]);
  });

  it.each([
    '',
    '26',
    '2026-H3',
    '2026-Q5',
    '2026-13',
    '2026-00',
    '2026-1',
    '2026-h1',
    '1999',
    '2101',
    '2026-06-01',
  ])('refuses %p', (text) => {
    expect(parsePeriod(text)).toBeNull();
  });

  it('tells whether a Hanoi day is inside', () => {
    const h2 = parsePeriod('2026-H2')!;
    expect(periodContainsDay(h2, '2026-07-01')).toBe(true);
    expect(periodContainsDay(h2, '2026-12-31')).toBe(true);
    expect(periodContainsDay(h2, '2026-06-30')).toBe(false);
  });
});
