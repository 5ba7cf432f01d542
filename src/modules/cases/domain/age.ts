import { ApproximateDay, parseApproximateDate } from './dates';
import { CaseDomainError } from './errors';
import { CalendarDate, compareCalendarDates, hanoiDateOf } from '../../../platform/time';

/**
 * Under this age a survivor is a minor (Civil Code 2015 Art. 21), and a child for GBVIMS and the case
 * context of docs/DESIGN.md §3 — not the Law on Children's "under 16".
 */
export const ADULT_AGE = 18;

/** A band of config/catalogues/age-groups: whole years at intake, both ends included. */
export interface AgeGroupBand {
  readonly key: string;
  readonly minAge: number;
  readonly maxAge: number;
}

/** The ages a survivor may have, when the birth is known only to the year or month. */
export interface AgeRange {
  readonly youngest: number;
  readonly oldest: number;
}

export interface BirthFacts {
  readonly birthYear?: number | null;
  readonly dateOfBirth?: string | null;
}

/**
 * Whole years lived on a day. Someone born on 29 February turns a year older on 1 March in common years
 * (the day after 28 February), never earlier.
 */
export function completedYears(birth: CalendarDate, on: CalendarDate): number {
  const beforeBirthday = on.month < birth.month || (on.month === birth.month && on.day < birth.day);
  return on.year - birth.year - (beforeBirthday ? 1 : 0);
}

/** The birth as a span of days: the date of birth when it reads, else the birth year. */
export function birthSpan(birth: BirthFacts): ApproximateDay | undefined {
  if (birth.dateOfBirth) {
    const dob = parseApproximateDate(birth.dateOfBirth);
    if (dob) return dob;
  }
  const year = birth.birthYear;
  return year !== undefined && year !== null && Number.isInteger(year)
    ? parseApproximateDate(String(year))
    : undefined;
}

/**
 * The ages possible on the Hanoi day of `at`. With only a year (or month) of birth, the youngest age
 * takes the last day it may mean as the birthday — as Vietnamese procedure does for someone who may be a
 * minor — so a child is never counted as an adult for lack of a birthday. Undefined without a birth or
 * with a birth after `at` (dates.ts refuses those).
 */
export function ageRangeAt(birth: BirthFacts, at: Date): AgeRange | undefined {
  const span = birthSpan(birth);
  if (span === undefined) return undefined;
  const on = hanoiDateOf(at);
  if (compareCalendarDates(span.earliest, on) > 0) return undefined;
  // Born this year, intake in March: the latest possible birthday is today, not 31 December.
  const latest = compareCalendarDates(span.latest, on) > 0 ? on : span.latest;
  return { youngest: completedYears(latest, on), oldest: completedYears(span.earliest, on) };
}

/** The first band that holds the age; undefined when none does. */
export function ageGroupOf(age: number, bands: readonly AgeGroupBand[]): string | undefined {
  return bands.find((band) => band.minAge <= age && age <= band.maxAge)?.key;
}

/** A child by the youngest age the survivor may have; unknown age is not a child. */
export function isUnder18(youngestAge: number | null | undefined): boolean {
  return youngestAge !== undefined && youngestAge !== null && youngestAge < ADULT_AGE;
}

export interface SurvivorAgeInput extends BirthFacts {
  /** The age group the operator chose, when they did. */
  readonly ageGroup?: string | null;
}

/** What the case stores (ageGroup, in the clear) and what rules use (youngest: under 18?). */
export interface SurvivorAge {
  readonly ageGroup: string | undefined;
  readonly youngest: number | undefined;
  readonly oldest: number | undefined;
}

export interface SurvivorAgeFields {
  readonly ageGroup: string;
  readonly birthYear: string;
  readonly dateOfBirth: string;
}

export const SURVIVOR_AGE_FIELDS: SurvivorAgeFields = {
  ageGroup: 'survivor.ageGroup',
  birthYear: 'survivor.birthYear',
  dateOfBirth: 'survivor.dateOfBirth',
};

/**
 * The survivor's age at intake from whatever the caller knew. A chosen age group is kept when the birth
 * allows it (a woman born in 2008 who says she is 18 in March 2026 may be right) and narrows the range;
 * one the birth rules out is refused, as one of the two is mistyped. Without a chosen group, the group
 * is derived from the youngest possible age, consistently with isUnder18.
 */
export function resolveSurvivorAge(
  input: SurvivorAgeInput,
  intakeAt: Date,
  bands: readonly AgeGroupBand[],
  fields: SurvivorAgeFields = SURVIVOR_AGE_FIELDS,
): SurvivorAge {
  const range = ageRangeAt(input, intakeAt);
  const chosen = input.ageGroup ?? undefined;
  if (chosen === undefined) {
    return {
      ageGroup: range && ageGroupOf(range.youngest, bands),
      youngest: range?.youngest,
      oldest: range?.oldest,
    };
  }
  const band = bands.find((b) => b.key === chosen);
  if (band === undefined) {
    const allowed = bands.map((b) => b.key);
    throw new CaseDomainError(
      'UNKNOWN_CATALOGUE_KEY',
      { field: fields.ageGroup, allowed: allowed.join(', ') },
      { allowed },
    );
  }
  if (range === undefined) return { ageGroup: band.key, youngest: band.minAge, oldest: band.maxAge };
  if (band.minAge > range.oldest || band.maxAge < range.youngest) {
    const other =
      input.dateOfBirth && parseApproximateDate(input.dateOfBirth) ? fields.dateOfBirth : fields.birthYear;
    throw new CaseDomainError('AGE_GROUP_INCONSISTENT', { field: fields.ageGroup, other });
  }
  return {
    ageGroup: band.key,
    youngest: Math.max(range.youngest, band.minAge),
    oldest: Math.min(range.oldest, band.maxAge),
  };
}
