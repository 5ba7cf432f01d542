import { describe, expect, it } from 'vitest';
import { parseHanoi } from './datetime';

describe('parseHanoi', () => {
  it('reads dd/MM/yyyy HH:mm as Hanoi time', () => {
    expect(parseHanoi('07/12/2026', '09:30')).toBe('2026-12-07T02:30:00.000Z');
    expect(parseHanoi('1/1/2027', '06:00')).toBe('2026-12-31T23:00:00.000Z');
  });
  it('refuses what is not a real date or time', () => {
    expect(parseHanoi('31/02/2026', '09:00')).toBeNull();
    expect(parseHanoi('2026-12-07', '09:00')).toBeNull();
    expect(parseHanoi('07/12/2026', '24:00')).toBeNull();
  });
});
