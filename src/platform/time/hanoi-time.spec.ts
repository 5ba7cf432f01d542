import {
  addMonthsHanoi,
  CASE_TIME_ZONE,
  compareCalendarDates,
  daysInMonth,
  hanoiDateOf,
  hanoiInstant,
  hanoiYearOf,
  isLeapYear,
  isValidCalendarDate,
} from './hanoi-time';

describe('Hanoi calendar', () => {
  it('puts an instant after 17:00 UTC on the next Hanoi day', () => {
    expect(hanoiDateOf(new Date('2026-03-01T16:59:59.999Z'))).toEqual({ year: 2026, month: 3, day: 1 });
    expect(hanoiDateOf(new Date('2026-03-01T17:00:00Z'))).toEqual({ year: 2026, month: 3, day: 2 });
  });

  it('starts the Hanoi year at 17:00 UTC on 31 December', () => {
    expect(hanoiYearOf(new Date('2026-12-31T16:59:59Z'))).toBe(2026);
    expect(hanoiYearOf(new Date('2026-12-31T17:30:00Z'))).toBe(2027);
  });

  it('agrees with the Asia/Ho_Chi_Minh time zone of Intl around midnights, month ends and leap days', () => {
    const format = new Intl.DateTimeFormat('en-CA', {
      timeZone: CASE_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const instants = [
      '1976-01-01T00:00:00Z',
      '2000-02-28T17:00:00Z',
      '2024-02-28T16:59:59Z',
      '2024-02-29T17:00:00Z',
      '2026-06-30T17:00:00Z',
      '2026-12-31T17:30:00Z',
      '2038-01-19T03:14:08Z',
    ];
    for (const iso of instants) {
      const d = hanoiDateOf(new Date(iso));
      const mine = `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
      expect(mine).toBe(format.format(new Date(iso)));
    }
  });

  it('gives the instant of a Hanoi wall-clock time, including years below 100', () => {
    expect(hanoiInstant({ year: 2027, month: 1, day: 1 }).toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(hanoiInstant({ year: 2026, month: 3, day: 1 }, 9, 30).toISOString()).toBe(
      '2026-03-01T02:30:00.000Z',
    );
    expect(hanoiInstant({ year: 50, month: 6, day: 1 }, 7).getUTCFullYear()).toBe(50);
  });

  it('refuses an invalid Date as a programming error', () => {
    expect(() => hanoiDateOf(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('addMonthsHanoi', () => {
  it('keeps the Hanoi day and wall-clock time', () => {
    // 10:00 on 15 March in Hanoi.
    expect(addMonthsHanoi(new Date('2026-03-15T03:00:00Z'), 4).toISOString()).toBe(
      '2026-07-15T03:00:00.000Z',
    );
  });

  it('counts months on the Hanoi calendar when the UTC day is still the day before', () => {
    // 06:00 on 1 March in Hanoi is 23:00 on 28 February in UTC.
    expect(addMonthsHanoi(new Date('2026-02-28T23:00:00Z'), 1).toISOString()).toBe(
      '2026-03-31T23:00:00.000Z',
    );
  });

  it('ends on the last day of a shorter month, leap years included', () => {
    expect(hanoiDateOf(addMonthsHanoi(hanoiInstant({ year: 2026, month: 10, day: 31 }, 10), 4))).toEqual({
      year: 2027,
      month: 2,
      day: 28,
    });
    expect(hanoiDateOf(addMonthsHanoi(hanoiInstant({ year: 2027, month: 10, day: 31 }, 10), 4))).toEqual({
      year: 2028,
      month: 2,
      day: 29,
    });
  });

  it('crosses the year boundary', () => {
    expect(hanoiDateOf(addMonthsHanoi(hanoiInstant({ year: 2026, month: 11, day: 20 }), 4))).toEqual({
      year: 2027,
      month: 3,
      day: 20,
    });
  });
});

describe('calendar arithmetic', () => {
  it('knows the Gregorian leap years', () => {
    expect([1900, 2000, 2024, 2026, 2100].map(isLeapYear)).toEqual([false, true, true, false, false]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });

  it('accepts real days only', () => {
    expect(isValidCalendarDate({ year: 2024, month: 2, day: 29 })).toBe(true);
    expect(isValidCalendarDate({ year: 2026, month: 2, day: 29 })).toBe(false);
    expect(isValidCalendarDate({ year: 2026, month: 13, day: 1 })).toBe(false);
    expect(isValidCalendarDate({ year: 2026, month: 4, day: 31 })).toBe(false);
    expect(isValidCalendarDate({ year: 2026, month: 1, day: 0 })).toBe(false);
  });

  it('orders days by year, then month, then day', () => {
    expect(
      compareCalendarDates({ year: 2026, month: 1, day: 31 }, { year: 2026, month: 2, day: 1 }),
    ).toBeLessThan(0);
    expect(
      compareCalendarDates({ year: 2027, month: 1, day: 1 }, { year: 2026, month: 12, day: 31 }),
    ).toBeGreaterThan(0);
    expect(compareCalendarDates({ year: 2026, month: 5, day: 5 }, { year: 2026, month: 5, day: 5 })).toBe(0);
  });
});
