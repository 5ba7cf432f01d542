import { applies, dimensionsOf, tableStatement } from './statistics.sql';
import { DIMENSIONS, SUBJECTS } from './statistics.types';

const ACTS = { acts: ['abuse_beating_threats'], groups: ['physical'] };
const range = { from: new Date('2026-07-01T00:00:00Z'), to: new Date('2026-08-01T00:00:00Z') };

describe('statistics SQL', () => {
  it('knows which dimensions fit which subject', () => {
    expect(applies('cases', 'referralOutcome')).toBe(false);
    expect(applies('cases', 'service')).toBe(false);
    expect(applies('referrals', 'referralOutcome')).toBe(true);
    expect(applies('services', 'service')).toBe(true);
    expect(applies('services', 'referralOutcome')).toBe(false);
    for (const s of SUBJECTS)
      expect(dimensionsOf(s).every((d) => (DIMENSIONS as readonly string[]).includes(d))).toBe(true);
  });

  it('binds every value and counts each unit once per cell (DISTINCT) under a multi-valued dimension', () => {
    const st = tableStatement(
      { provinceCode: '01', communeCodes: ['00004'], organizationId: '7f0c7d1e-0000-4000-8000-000000000000' },
      { subject: 'cases', ...range, groupBy: ['communeCode', 'violenceType', 'sex'] },
      ACTS,
    );
    expect(st.params).toEqual([
      range.from,
      range.to,
      '01',
      ['00004'],
      '7f0c7d1e-0000-4000-8000-000000000000',
    ]);
    expect(st.sql).toContain('SELECT DISTINCT');
    expect(st.sql).toContain('GROUP BY d0, d1, d2');
    // The province condition stays (written so that PostgreSQL estimates it; same rows as `= $3`).
    expect(st.sql).toContain('coalesce(rc.province_code = $3, false)');
    expect(st.sql).not.toContain('00004');
  });

  it('binds the act groups only when the act join is there', () => {
    const st = tableStatement(
      { provinceCode: '01' },
      { subject: 'incidents', ...range, groupBy: ['actGroup'] },
      ACTS,
    );
    expect(st.params).toEqual([range.from, range.to, ACTS.acts, ACTS.groups, '01']);
  });

  it('takes the total from the distinct units of the same statement, each unit once', () => {
    const st = tableStatement(
      { provinceCode: '01' },
      { subject: 'cases', ...range, groupBy: ['violenceType'] },
      ACTS,
    );
    expect(st.sql).toContain('WITH u AS MATERIALIZED');
    expect(st.sql).toContain(
      'UNION ALL SELECT true, NULL::text, count(*)::int, sum(k)::text FROM (SELECT DISTINCT unit, k FROM u) t',
    );
  });

  it('asks for the total alone without any dimension join', () => {
    const st = tableStatement({ provinceCode: '01' }, { subject: 'cases', ...range, groupBy: [] }, ACTS);
    expect(st.sql).not.toContain('unnest');
    expect(st.sql).not.toContain('DISTINCT');
  });
});
