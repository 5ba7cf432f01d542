import { dueRange, endOfHanoiDay } from './worklist-window';

describe('worklist windows in Hanoi days', () => {
  it('ends today at the next Hanoi midnight (17:00 UTC)', () => {
    expect(endOfHanoiDay(new Date('2026-03-10T09:00:00Z')).toISOString()).toBe('2026-03-10T17:00:00.000Z');
  });

  it('counts 00:30 in Hanoi (17:30 UTC the day before) as the new Hanoi day', () => {
    expect(endOfHanoiDay(new Date('2026-03-09T17:30:00Z')).toISOString()).toBe('2026-03-10T17:00:00.000Z');
  });

  it('a moment before Hanoi midnight still belongs to the old day', () => {
    expect(endOfHanoiDay(new Date('2026-03-10T16:59:59.999Z')).toISOString()).toBe(
      '2026-03-10T17:00:00.000Z',
    );
  });

  it('agrees with Intl for Asia/Ho_Chi_Minh', () => {
    const now = new Date('2026-12-31T20:15:00Z');
    const end = endOfHanoiDay(now);
    const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(d);
    expect(day(new Date(end.getTime() - 1))).toBe(day(now));
    expect(day(end)).not.toBe(day(now));
    expect(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Asia/Ho_Chi_Minh',
        hour: '2-digit',
        minute: '2-digit',
      }).format(end),
    ).toBe('00:00');
  });

  it('overdue is before now; today and week start now; week ends after the seventh Hanoi day', () => {
    const now = new Date('2026-03-10T09:00:00Z');
    expect(dueRange('overdue', now)).toEqual({ from: null, to: now });
    expect(dueRange('today', now)).toEqual({ from: now, to: new Date('2026-03-10T17:00:00Z') });
    expect(dueRange('week', now)).toEqual({ from: now, to: new Date('2026-03-16T17:00:00Z') });
    expect(dueRange(undefined, now)).toEqual({ from: null, to: null });
  });
});
