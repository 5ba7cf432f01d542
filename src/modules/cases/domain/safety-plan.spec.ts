import { safetyPlanStatus } from './safety-plan';

const high = (level: string): boolean => level === 'high' || level === 'critical';
const at = (iso: string): Date => new Date(iso);

describe('safetyPlanStatus', () => {
  it('a high assessment without a plan: needed; a low one: not needed; none: not needed', () => {
    expect(safetyPlanStatus(null, { level: 'high', assessedAt: at('2026-03-01') }, high)).toBe('needed');
    expect(safetyPlanStatus(null, { level: 'low', assessedAt: at('2026-03-01') }, high)).toBe('not_needed');
    expect(safetyPlanStatus(null, null, high)).toBe('not_needed');
  });

  it('a plan reviewed before the latest assessment (of any level) is due for review', () => {
    expect(safetyPlanStatus(at('2026-03-01'), { level: 'low', assessedAt: at('2026-03-02') }, high)).toBe(
      'review_due',
    );
    expect(
      safetyPlanStatus(at('2026-03-01'), { level: 'critical', assessedAt: at('2026-03-02') }, high),
    ).toBe('review_due');
  });

  it('a plan reviewed since the latest assessment (or without any) is current', () => {
    expect(safetyPlanStatus(at('2026-03-02'), { level: 'high', assessedAt: at('2026-03-02') }, high)).toBe(
      'current',
    );
    expect(safetyPlanStatus(at('2026-03-02'), null, high)).toBe('current');
  });
});
