import { describe, expect, it } from 'vitest';
import { dayOf } from './ServicesTab';

describe('dayOf', () => {
  it('reads dd/MM/yyyy as YYYY-MM-DD and refuses what is not a day', () => {
    expect(dayOf('07/12/2026')).toBe('2026-12-07');
    expect(dayOf('7/3/2026')).toBe('2026-03-07');
    expect(dayOf('31/02/2026')).toBeNull();
    expect(dayOf('2026-12-07')).toBeNull();
  });
});
