import {
  assertIntakeDates,
  compareApproximateDates,
  exactDay,
  INTAKE_DATE_FIELDS,
  intakeDateProblems,
  isApproximateDate,
  MAX_AGE_YEARS,
  parseApproximateDate,
} from './dates';
import { CaseDomainError } from './errors';

/** 09:00 on 15 March 2026 in Hanoi. */
const NOW = new Date('2026-03-15T02:00:00Z');
const day = (text: string) => {
  const d = parseApproximateDate(text);
  if (!d) throw new Error(`test date ${text} does not parse`);
  return d;
};
const incident = (occurredOn: string, field = 'incident.occurredOn') => ({ occurredOn, field });

describe('parseApproximateDate', () => {
  it('reads a year, a month or a day as the span of days it may mean', () => {
    expect(parseApproximateDate('2025')).toEqual({
      text: '2025',
      precision: 'year',
      earliest: { year: 2025, month: 1, day: 1 },
      latest: { year: 2025, month: 12, day: 31 },
    });
    expect(parseApproximateDate('2024-02')).toMatchObject({
      precision: 'month',
      earliest: { year: 2024, month: 2, day: 1 },
      latest: { year: 2024, month: 2, day: 29 },
    });
    expect(parseApproximateDate('2026-02')?.latest).toEqual({ year: 2026, month: 2, day: 28 });
    expect(parseApproximateDate('2026-03-09')).toMatchObject({
      precision: 'day',
      earliest: { year: 2026, month: 3, day: 9 },
      latest: { year: 2026, month: 3, day: 9 },
    });
  });

  it('accepts 29 February in leap years only', () => {
    expect(parseApproximateDate('2024-02-29')).toBeDefined();
    expect(parseApproximateDate('2000-02-29')).toBeDefined();
    expect(parseApproximateDate('2026-02-29')).toBeUndefined();
    expect(parseApproximateDate('1900-02-29')).toBeUndefined();
  });

  it('refuses anything that is not a real year, month or day in that form', () => {
    for (const raw of [
      '',
      '26',
      '0999',
      '2026-3',
      '2026-13',
      '2026-00',
      '2026-04-31',
      '2026-03-00',
      '2026/03/01',
      '2026-03-01T00:00',
      ' 2026',
      'năm 2026',
    ]) {
      expect(parseApproximateDate(raw)).toBeUndefined();
      expect(isApproximateDate(raw)).toBe(false);
    }
    expect(isApproximateDate(2026)).toBe(false);
    expect(isApproximateDate('2026-03')).toBe(true);
  });

  it('writes a known day with padding', () => {
    expect(exactDay({ year: 2026, month: 3, day: 9 }).text).toBe('2026-03-09');
  });
});

describe('compareApproximateDates', () => {
  it('orders dates whose spans do not meet', () => {
    expect(compareApproximateDates(day('2025'), day('2026-01-01'))).toBe('before');
    expect(compareApproximateDates(day('2026-04'), day('2026-03-31'))).toBe('after');
    expect(compareApproximateDates(day('2026-03-14'), day('2026-03-15'))).toBe('before');
  });

  it('does not order dates whose spans overlap, whatever the precision', () => {
    expect(compareApproximateDates(day('2026-03'), day('2026-03-15'))).toBe('uncertain');
    expect(compareApproximateDates(day('2026'), day('2026-12'))).toBe('uncertain');
    expect(compareApproximateDates(day('2026-03'), day('2026-03'))).toBe('uncertain');
    expect(compareApproximateDates(day('2026-12-31'), day('2026'))).toBe('uncertain');
  });

  it('calls one known day the same', () => {
    expect(compareApproximateDates(day('2026-03-15'), day('2026-03-15'))).toBe('same');
  });
});

describe('intakeDateProblems', () => {
  it('accepts an intake with plausible dates, approximate or not', () => {
    expect(
      intakeDateProblems(
        {
          receivedAt: NOW,
          birthYear: 1990,
          dateOfBirth: '1990-07',
          incidents: [incident('2026-03'), incident('2025', 'incidents.1.occurredOn')],
        },
        NOW,
      ),
    ).toEqual([]);
    expect(intakeDateProblems({ receivedAt: NOW }, NOW)).toEqual([]);
  });

  it('accepts an incident earlier the same Hanoi day as a report made just after midnight', () => {
    // 00:10 on 15 March in Hanoi is still 14 March in UTC.
    const receivedAt = new Date('2026-03-14T17:10:00Z');
    expect(intakeDateProblems({ receivedAt, incidents: [incident('2026-03-15')] }, NOW)).toEqual([]);
  });

  it('refuses an incident after the report, by Hanoi day', () => {
    // 23:50 on 14 March in Hanoi: an incident on 15 March has not happened yet.
    const receivedAt = new Date('2026-03-14T16:50:00Z');
    expect(intakeDateProblems({ receivedAt, incidents: [incident('2026-03-15')] }, NOW)).toEqual([
      { code: 'INCIDENT_AFTER_REPORT', params: { field: 'incident.occurredOn', other: 'receivedAt' } },
    ]);
  });

  it('refuses an approximate incident only when all of it falls after the report', () => {
    expect(intakeDateProblems({ receivedAt: NOW, incidents: [incident('2026-03')] }, NOW)).toEqual([]);
    expect(intakeDateProblems({ receivedAt: NOW, incidents: [incident('2026')] }, NOW)).toEqual([]);
    expect(intakeDateProblems({ receivedAt: NOW, incidents: [incident('2026-04')] }, NOW)[0]?.code).toBe(
      'INCIDENT_AFTER_REPORT',
    );
    expect(intakeDateProblems({ receivedAt: NOW, incidents: [incident('2027')] }, NOW)[0]?.code).toBe(
      'INCIDENT_AFTER_REPORT',
    );
  });

  it('judges an incident added later against its own report', () => {
    const later = {
      occurredOn: '2026-05-01',
      field: 'occurredOn',
      reportedAt: new Date('2026-05-02T03:00:00Z'),
    };
    expect(intakeDateProblems({ receivedAt: NOW, incidents: [later] }, NOW)).toEqual([]);
    const tooLate = { ...later, reportedAt: new Date('2026-04-30T03:00:00Z') };
    expect(intakeDateProblems({ receivedAt: NOW, incidents: [tooLate] }, NOW)).toEqual([
      { code: 'INCIDENT_AFTER_REPORT', params: { field: 'occurredOn', other: 'receivedAt' } },
    ]);
  });

  it('refuses a report received in the future, beyond a few minutes of clock skew', () => {
    expect(intakeDateProblems({ receivedAt: new Date(NOW.getTime() + 60_000) }, NOW)).toEqual([]);
    expect(intakeDateProblems({ receivedAt: new Date(NOW.getTime() + 3_600_000) }, NOW)).toEqual([
      { code: 'DATE_IN_FUTURE', params: { field: 'receivedAt' } },
    ]);
  });

  it('refuses an invalid receivedAt and still judges the birth against today', () => {
    expect(intakeDateProblems({ receivedAt: new Date('nope'), birthYear: 2027 }, NOW)).toEqual([
      { code: 'DATE_INVALID', params: { field: 'receivedAt' } },
      { code: 'DATE_IN_FUTURE', params: { field: 'survivor.birthYear' } },
    ]);
  });

  it('refuses a birth year in the future, taking the year in Hanoi time', () => {
    expect(intakeDateProblems({ receivedAt: NOW, birthYear: 2026 }, NOW)).toEqual([]);
    expect(intakeDateProblems({ receivedAt: NOW, birthYear: 2027 }, NOW)).toEqual([
      { code: 'DATE_IN_FUTURE', params: { field: 'survivor.birthYear' } },
    ]);
    // 00:30 on 1 January 2027 in Hanoi, still 2026 in UTC: a baby born in 2027 is possible.
    const newYear = new Date('2026-12-31T17:30:00Z');
    expect(intakeDateProblems({ receivedAt: newYear, birthYear: 2027 }, newYear)).toEqual([]);
  });

  it(`refuses a birth more than ${MAX_AGE_YEARS} years before the report`, () => {
    expect(intakeDateProblems({ receivedAt: NOW, birthYear: 2026 - MAX_AGE_YEARS }, NOW)).toEqual([]);
    expect(intakeDateProblems({ receivedAt: NOW, birthYear: 2026 - MAX_AGE_YEARS - 1 }, NOW)).toEqual([
      { code: 'BIRTH_TOO_EARLY', params: { field: 'survivor.birthYear', maxYears: MAX_AGE_YEARS } },
    ]);
    expect(intakeDateProblems({ receivedAt: NOW, dateOfBirth: '1899-05-01' }, NOW)).toEqual([
      { code: 'BIRTH_TOO_EARLY', params: { field: 'survivor.dateOfBirth', maxYears: MAX_AGE_YEARS } },
    ]);
  });

  it('refuses a birth year that is not a whole four-digit year', () => {
    for (const birthYear of [1990.5, 99, Number.NaN]) {
      expect(intakeDateProblems({ receivedAt: NOW, birthYear }, NOW)).toEqual([
        { code: 'DATE_INVALID', params: { field: 'survivor.birthYear' } },
      ]);
    }
  });

  it('refuses a date of birth in the future, to the day', () => {
    expect(intakeDateProblems({ receivedAt: NOW, dateOfBirth: '2026-03-15' }, NOW)).toEqual([]);
    expect(intakeDateProblems({ receivedAt: NOW, dateOfBirth: '2026-03-16' }, NOW)).toEqual([
      { code: 'DATE_IN_FUTURE', params: { field: 'survivor.dateOfBirth' } },
    ]);
    expect(intakeDateProblems({ receivedAt: NOW, dateOfBirth: '2026-03' }, NOW)).toEqual([]);
  });

  it('refuses a date of birth outside the birth year given', () => {
    expect(intakeDateProblems({ receivedAt: NOW, birthYear: 2001, dateOfBirth: '2001-12-31' }, NOW)).toEqual(
      [],
    );
    expect(intakeDateProblems({ receivedAt: NOW, birthYear: 2001, dateOfBirth: '2002-01-01' }, NOW)).toEqual([
      {
        code: 'DATE_OF_BIRTH_MISMATCH',
        params: { field: 'survivor.dateOfBirth', other: 'survivor.birthYear' },
      },
    ]);
  });

  it('refuses a malformed or unreal date of birth or incident date', () => {
    expect(
      intakeDateProblems(
        { receivedAt: NOW, dateOfBirth: '2023-02-29', incidents: [incident('yesterday')] },
        NOW,
      ),
    ).toEqual([
      { code: 'DATE_INVALID', params: { field: 'survivor.dateOfBirth' } },
      { code: 'DATE_INVALID', params: { field: 'incident.occurredOn' } },
    ]);
  });

  it('refuses an incident that certainly happened before the survivor was born', () => {
    expect(
      intakeDateProblems({ receivedAt: NOW, birthYear: 2010, incidents: [incident('2009-12')] }, NOW),
    ).toEqual([
      {
        code: 'INCIDENT_BEFORE_BIRTH',
        params: { field: 'incident.occurredOn', other: 'survivor.birthYear' },
      },
    ]);
    expect(
      intakeDateProblems({ receivedAt: NOW, birthYear: 2010, incidents: [incident('2010')] }, NOW),
    ).toEqual([]);
    expect(
      intakeDateProblems(
        { receivedAt: NOW, dateOfBirth: '2010-06-10', incidents: [incident('2010-06-09')] },
        NOW,
      ),
    ).toEqual([
      {
        code: 'INCIDENT_BEFORE_BIRTH',
        params: { field: 'incident.occurredOn', other: 'survivor.dateOfBirth' },
      },
    ]);
  });

  it('skips incidents without a date and names each dated one by its own field', () => {
    const problems = intakeDateProblems(
      {
        receivedAt: NOW,
        incidents: [
          { occurredOn: null, field: 'incidents.0.occurredOn' },
          incident('2027-01', 'incidents.1.occurredOn'),
        ],
      },
      NOW,
    );
    expect(problems).toEqual([
      { code: 'INCIDENT_AFTER_REPORT', params: { field: 'incidents.1.occurredOn', other: 'receivedAt' } },
    ]);
  });

  it('names fields as the caller spells them', () => {
    const fields = { ...INTAKE_DATE_FIELDS, birthYear: 'birthYear' };
    expect(intakeDateProblems({ receivedAt: NOW, birthYear: 2030 }, NOW, fields)).toEqual([
      { code: 'DATE_IN_FUTURE', params: { field: 'birthYear' } },
    ]);
  });
});

describe('assertIntakeDates', () => {
  it('throws the first problem with all of them in details', () => {
    let error: unknown;
    try {
      assertIntakeDates({ receivedAt: NOW, birthYear: 2030, incidents: [incident('2027')] }, NOW);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CaseDomainError);
    const e = error as CaseDomainError;
    expect(e.code).toBe('DATE_IN_FUTURE');
    expect(e.params).toEqual({ field: 'survivor.birthYear' });
    expect(e.details).toEqual({
      problems: [
        { code: 'DATE_IN_FUTURE', params: { field: 'survivor.birthYear' } },
        { code: 'INCIDENT_AFTER_REPORT', params: { field: 'incident.occurredOn', other: 'receivedAt' } },
      ],
    });
  });

  it('passes plausible dates', () => {
    expect(() => {
      assertIntakeDates({ receivedAt: NOW, birthYear: 1985 }, NOW);
    }).not.toThrow();
  });
});
