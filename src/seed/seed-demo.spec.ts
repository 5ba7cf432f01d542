import { currentAndPreviousHalfYears } from './demo-seed';
import { credentialsTable } from './seed-demo.command';

describe('currentAndPreviousHalfYears', () => {
  it('names this half-year and the last in Hanoi time', () => {
    expect(currentAndPreviousHalfYears(new Date('2026-11-26T12:00:00Z'))).toEqual(['2026-H2', '2026-H1']);
    expect(currentAndPreviousHalfYears(new Date('2026-03-01T00:00:00Z'))).toEqual(['2026-H1', '2025-H2']);
  });

  it('turns at Hanoi midnight, seven hours before UTC midnight', () => {
    expect(currentAndPreviousHalfYears(new Date('2026-06-30T16:59:59Z'))[0]).toBe('2026-H1');
    expect(currentAndPreviousHalfYears(new Date('2026-06-30T17:00:00Z'))[0]).toBe('2026-H2');
    expect(currentAndPreviousHalfYears(new Date('2026-12-31T17:00:00Z'))).toEqual(['2027-H1', '2026-H2']);
  });
});

describe('credentialsTable', () => {
  it('lists every credential in aligned columns under a header', () => {
    const table = credentialsTable([
      { username: 'demo.admin', role: 'admin', organization: 'Sở (demo)', password: 'abcdefghijklmnopqrst' },
      {
        username: 'demo.counsellor',
        role: 'counsellor',
        organization: 'Trung tâm (demo)',
        password: 'x'.repeat(20),
      },
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\| username +\| role +\| organisation +\| password +\|$/);
    expect(lines[2]).toContain('| abcdefghijklmnopqrst |');
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});
