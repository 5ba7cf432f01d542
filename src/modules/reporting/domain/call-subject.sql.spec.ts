import { applies, dimensionsOf, tableStatement } from './statistics.sql';

const ACTS = { acts: [], groups: [] };
const range = { from: new Date('2026-07-01T00:00:00+07:00'), to: new Date('2026-08-01T00:00:00+07:00') };

describe('calls as a statistics subject (issue 15, item 9)', () => {
  it('is grouped by period, channel, category and outcome, and by nothing of a case', () => {
    expect(dimensionsOf('calls')).toEqual(['period', 'channel', 'callCategory', 'callOutcome']);
    expect(applies('calls', 'violenceType')).toBe(false);
    expect(applies('cases', 'callCategory')).toBe(false);
  });

  it('counts calls from call_facts by their start, within the scope, with their record keys', () => {
    const st = tableStatement(
      { provinceCode: '01', organizationId: '00000000-0000-4000-8000-000000000001' },
      { subject: 'calls', ...range, groupBy: ['callCategory', 'period'] },
      ACTS,
    );
    expect(st.sql).toContain('FROM call_facts rc');
    expect(st.sql).toContain('rc.started_at >= $1 AND rc.started_at < $2');
    expect(st.sql).toContain('(rc.category)::text AS d0');
    expect(st.sql).toContain("to_char(rc.started_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM')");
    expect(st.sql).toContain('rc.organization_id = $4::uuid');
    expect(st.sql).toContain('sum(k)::text');
    expect(st.sql).not.toMatch(/reporting_cases|cases c\b/);
    expect(st.params).toEqual([range.from, range.to, '01', '00000000-0000-4000-8000-000000000001']);
  });
});
