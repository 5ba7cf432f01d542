import { ageGroupOf, ageRangeAt, AgeGroupBand, completedYears, isUnder18, resolveSurvivorAge } from './age';
import { CaseDomainError } from './errors';
import { hanoiInstant } from '../../../platform/time';

const BANDS: AgeGroupBand[] = [
  { key: 'age_0_5', minAge: 0, maxAge: 5 },
  { key: 'age_6_11', minAge: 6, maxAge: 11 },
  { key: 'age_12_17', minAge: 12, maxAge: 17 },
  { key: 'age_18_25', minAge: 18, maxAge: 25 },
  { key: 'age_26_40', minAge: 26, maxAge: 40 },
  { key: 'age_41_60', minAge: 41, maxAge: 60 },
  { key: 'age_61_plus', minAge: 61, maxAge: 150 },
];
/** 10:00 on 15 March 2026 in Hanoi. */
const INTAKE = hanoiInstant({ year: 2026, month: 3, day: 15 }, 10);

function caught(fn: () => unknown): CaseDomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CaseDomainError) return e;
    throw e;
  }
  throw new Error('expected a CaseDomainError');
}

describe('completedYears', () => {
  it('counts a year only once the birthday has come', () => {
    expect(completedYears({ year: 2008, month: 3, day: 15 }, { year: 2026, month: 3, day: 14 })).toBe(17);
    expect(completedYears({ year: 2008, month: 3, day: 15 }, { year: 2026, month: 3, day: 15 })).toBe(18);
  });

  it('makes someone born on 29 February a year older on 1 March of a common year', () => {
    const leapling = { year: 2008, month: 2, day: 29 };
    expect(completedYears(leapling, { year: 2026, month: 2, day: 28 })).toBe(17);
    expect(completedYears(leapling, { year: 2026, month: 3, day: 1 })).toBe(18);
    expect(completedYears(leapling, { year: 2028, month: 2, day: 29 })).toBe(20);
  });
});

describe('ageRangeAt', () => {
  it('gives one age for a known date of birth', () => {
    expect(ageRangeAt({ dateOfBirth: '2008-03-15' }, INTAKE)).toEqual({ youngest: 18, oldest: 18 });
    expect(ageRangeAt({ dateOfBirth: '2008-03-16' }, INTAKE)).toEqual({ youngest: 17, oldest: 17 });
  });

  it('counts birthdays on the Hanoi day of the intake, not the UTC day', () => {
    // 06:00 on 16 March in Hanoi is still 15 March in UTC: the 18th birthday has come.
    const earlyMorning = new Date('2026-03-15T23:00:00Z');
    expect(ageRangeAt({ dateOfBirth: '2008-03-16' }, earlyMorning)).toEqual({ youngest: 18, oldest: 18 });
  });

  it('gives the two ages a birth year allows, the youngest from 31 December', () => {
    expect(ageRangeAt({ birthYear: 2008 }, INTAKE)).toEqual({ youngest: 17, oldest: 18 });
    // On 31 December every birthday of the year has come.
    expect(ageRangeAt({ birthYear: 2008 }, hanoiInstant({ year: 2026, month: 12, day: 31 }))).toEqual({
      youngest: 18,
      oldest: 18,
    });
  });

  it('turns the year at Hanoi midnight on 1 January', () => {
    // 00:30 on 1 January 2027 in Hanoi (17:30 UTC on 31 December).
    expect(ageRangeAt({ birthYear: 2008 }, new Date('2026-12-31T17:30:00Z'))).toEqual({
      youngest: 18,
      oldest: 19,
    });
    expect(ageRangeAt({ birthYear: 2008 }, new Date('2026-12-31T16:30:00Z'))).toEqual({
      youngest: 18,
      oldest: 18,
    });
  });

  it('uses the last day of the month when only the month of birth is known', () => {
    expect(ageRangeAt({ dateOfBirth: '2008-03' }, INTAKE)).toEqual({ youngest: 17, oldest: 18 });
    expect(ageRangeAt({ dateOfBirth: '2008-02' }, INTAKE)).toEqual({ youngest: 18, oldest: 18 });
  });

  it('prefers the date of birth to the birth year', () => {
    expect(ageRangeAt({ birthYear: 2008, dateOfBirth: '2008-01-02' }, INTAKE)).toEqual({
      youngest: 18,
      oldest: 18,
    });
  });

  it('gives a baby born this year the age 0, not -1', () => {
    expect(ageRangeAt({ birthYear: 2026 }, INTAKE)).toEqual({ youngest: 0, oldest: 0 });
    expect(ageRangeAt({ dateOfBirth: '2026-03' }, INTAKE)).toEqual({ youngest: 0, oldest: 0 });
  });

  it('knows no age without a birth, with an unreadable one, or with one after the intake', () => {
    expect(ageRangeAt({}, INTAKE)).toBeUndefined();
    expect(ageRangeAt({ birthYear: null, dateOfBirth: null }, INTAKE)).toBeUndefined();
    expect(ageRangeAt({ birthYear: 1990.5 }, INTAKE)).toBeUndefined();
    expect(ageRangeAt({ birthYear: 2027 }, INTAKE)).toBeUndefined();
    expect(ageRangeAt({ dateOfBirth: '2026-03-16' }, INTAKE)).toBeUndefined();
  });
});

describe('ageGroupOf', () => {
  it('finds the band holding the age, both ends included', () => {
    expect(ageGroupOf(0, BANDS)).toBe('age_0_5');
    expect(ageGroupOf(17, BANDS)).toBe('age_12_17');
    expect(ageGroupOf(18, BANDS)).toBe('age_18_25');
    expect(ageGroupOf(61, BANDS)).toBe('age_61_plus');
  });

  it('finds none for an age outside every band', () => {
    expect(ageGroupOf(151, BANDS)).toBeUndefined();
    expect(ageGroupOf(-1, BANDS)).toBeUndefined();
  });
});

describe('isUnder18', () => {
  it('is true up to 17 and false from 18 or when the age is unknown', () => {
    expect(isUnder18(0)).toBe(true);
    expect(isUnder18(17)).toBe(true);
    expect(isUnder18(18)).toBe(false);
    expect(isUnder18(undefined)).toBe(false);
    expect(isUnder18(null)).toBe(false);
  });
});

describe('resolveSurvivorAge', () => {
  it('derives the age group from the youngest possible age', () => {
    expect(resolveSurvivorAge({ birthYear: 2008 }, INTAKE, BANDS)).toEqual({
      ageGroup: 'age_12_17',
      youngest: 17,
      oldest: 18,
    });
    expect(resolveSurvivorAge({ dateOfBirth: '1990-01-01' }, INTAKE, BANDS).ageGroup).toBe('age_26_40');
  });

  it('keeps a chosen age group alone as the range of its band', () => {
    expect(resolveSurvivorAge({ ageGroup: 'age_12_17' }, INTAKE, BANDS)).toEqual({
      ageGroup: 'age_12_17',
      youngest: 12,
      oldest: 17,
    });
  });

  it('keeps a chosen age group the birth allows and narrows the range with it', () => {
    expect(resolveSurvivorAge({ birthYear: 2008, ageGroup: 'age_18_25' }, INTAKE, BANDS)).toEqual({
      ageGroup: 'age_18_25',
      youngest: 18,
      oldest: 18,
    });
  });

  it('refuses a chosen age group the birth rules out, naming both fields', () => {
    const e = caught(() => resolveSurvivorAge({ birthYear: 1990, ageGroup: 'age_12_17' }, INTAKE, BANDS));
    expect(e.code).toBe('AGE_GROUP_INCONSISTENT');
    expect(e.params).toEqual({ field: 'survivor.ageGroup', other: 'survivor.birthYear' });
    const d = caught(() =>
      resolveSurvivorAge({ dateOfBirth: '2008-03-16', ageGroup: 'age_18_25' }, INTAKE, BANDS),
    );
    expect(d.params).toEqual({ field: 'survivor.ageGroup', other: 'survivor.dateOfBirth' });
  });

  it('refuses an age group that is not in the catalogue, naming the allowed ones', () => {
    const e = caught(() => resolveSurvivorAge({ ageGroup: 'teen' }, INTAKE, BANDS));
    expect(e.code).toBe('UNKNOWN_CATALOGUE_KEY');
    expect(e.params.field).toBe('survivor.ageGroup');
    expect(e.params.allowed).toBe(BANDS.map((b) => b.key).join(', '));
  });

  it('knows nothing when nothing was said', () => {
    expect(resolveSurvivorAge({}, INTAKE, BANDS)).toEqual({
      ageGroup: undefined,
      youngest: undefined,
      oldest: undefined,
    });
  });
});
