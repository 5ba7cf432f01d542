import { describe, expect, it } from 'vitest';
import { formatDuration, hanoiToday } from './queries';

describe('the call panel’s helpers', () => {
  it('writes a duration as m:ss, or h:mm:ss past an hour', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(35)).toBe('0:35');
    expect(formatDuration(600)).toBe('10:00');
    expect(formatDuration(3_725)).toBe('1:02:05');
    expect(formatDuration(-3)).toBe('0:00');
  });

  it('takes today in Hanoi (UTC+7), not the browser’s day', () => {
    expect(hanoiToday(Date.parse('2026-12-07T16:59:59Z'))).toBe('2026-12-07');
    expect(hanoiToday(Date.parse('2026-12-07T17:00:00Z'))).toBe('2026-12-08');
  });
});
