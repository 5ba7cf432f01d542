import { DomainError } from '../../../platform/http';
import { resolveRange } from './range';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? `${e.code}:${String(e.params.field)}` : 'other';
  }
  return undefined;
};

describe('resolveRange', () => {
  it('takes a period in Hanoi time', () => {
    const r = resolveRange({ period: '2026-H2' });
    expect(r.from.toISOString()).toBe('2026-06-30T17:00:00.000Z');
    expect(r.to.toISOString()).toBe('2026-12-31T17:00:00.000Z');
  });

  it('takes days as Hanoi days, the end day inclusive', () => {
    const r = resolveRange({ from: '2026-07-01', to: '2026-07-31' });
    expect(r.from.toISOString()).toBe('2026-06-30T17:00:00.000Z');
    expect(r.to.toISOString()).toBe('2026-07-31T17:00:00.000Z');
  });

  it('takes date-times with an offset, the end exclusive', () => {
    const r = resolveRange({ from: '2026-07-01T00:00:00+07:00', to: '2026-07-02T00:00:00Z' });
    expect(r.from.toISOString()).toBe('2026-06-30T17:00:00.000Z');
    expect(r.to.toISOString()).toBe('2026-07-02T00:00:00.000Z');
  });

  it.each([
    [{ period: '2026-H3' }, 'STATISTICS_PERIOD_INVALID:period'],
    [{ period: '2026', from: '2026-01-01' }, 'STATISTICS_RANGE_INVALID:period, from, to'],
    [{ to: '2026-01-01' }, 'STATISTICS_RANGE_INVALID:from'],
    [{ from: '2026-01-01' }, 'STATISTICS_RANGE_INVALID:to'],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'STATISTICS_RANGE_INVALID:from'],
    [{ from: '2026-01-01T00:00', to: '2026-03-01' }, 'STATISTICS_RANGE_INVALID:from'],
    [{ from: '2026-03-01', to: '2026-02-01' }, 'STATISTICS_RANGE_INVALID:from, to'],
  ])('refuses %j', (q, code) => {
    expect(codeOf(() => resolveRange(q))).toBe(code);
  });
});
