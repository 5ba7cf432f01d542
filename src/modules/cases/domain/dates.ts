import { CaseDomainError, CaseDomainErrorCode, CaseDomainErrorParams } from './errors';
import {
  CalendarDate,
  compareCalendarDates,
  daysInMonth,
  hanoiDateOf,
  isValidCalendarDate,
  isValidInstant,
} from '../../../platform/time';

/**
 * A date as well as a frightened caller knows it: the year, the month, or the day ("last spring" is
 * recorded as a year; docs/DESIGN.md §3 "date (may be approximate)"). Its precision is kept, never
 * padded into a day that nobody said.
 */
export type ApproximateDate = `${number}` | `${number}-${number}` | `${number}-${number}-${number}`;
export type DatePrecision = 'year' | 'month' | 'day';

/** An approximate date read as the span of days it may mean. */
export interface ApproximateDay {
  readonly text: ApproximateDate;
  readonly precision: DatePrecision;
  readonly earliest: CalendarDate;
  readonly latest: CalendarDate;
}

/** Instants a little ahead of the server's clock (a device running fast) are not "in the future". */
export const ALLOWED_CLOCK_SKEW_MS = 5 * 60_000;

/** A birth further back than this is a typing mistake, not a survivor. */
export const MAX_AGE_YEARS = 120;

const APPROXIMATE = /^([1-9]\d{3})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' naming a real year, month or day; undefined otherwise. */
export function parseApproximateDate(raw: string): ApproximateDay | undefined {
  const m = APPROXIMATE.exec(raw);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (m[2] === undefined) {
    return {
      text: raw as ApproximateDate,
      precision: 'year',
      earliest: { year, month: 1, day: 1 },
      latest: { year, month: 12, day: 31 },
    };
  }
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] === undefined) {
    return {
      text: raw as ApproximateDate,
      precision: 'month',
      earliest: { year, month, day: 1 },
      latest: { year, month, day: daysInMonth(year, month) },
    };
  }
  const day = { year, month, day: Number(m[3]) };
  return isValidCalendarDate(day) ? exactDay(day) : undefined;
}

export function isApproximateDate(raw: unknown): raw is ApproximateDate {
  return typeof raw === 'string' && parseApproximateDate(raw) !== undefined;
}

/** A known calendar day (the day of a report, say) as an approximate date of day precision. */
export function exactDay(date: CalendarDate): ApproximateDay {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return {
    text: `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}` as ApproximateDate,
    precision: 'day',
    earliest: date,
    latest: date,
  };
}

/**
 * How two approximate dates compare, without inventing precision: '2026-03' is neither before nor after
 * '2026-03-15' ('uncertain'), but it is before '2026-04'. 'same' only for one known day.
 */
export type DateOrder = 'before' | 'after' | 'same' | 'uncertain';

export function compareApproximateDates(a: ApproximateDay, b: ApproximateDay): DateOrder {
  if (compareCalendarDates(a.latest, b.earliest) < 0) return 'before';
  if (compareCalendarDates(a.earliest, b.latest) > 0) return 'after';
  if (a.precision === 'day' && b.precision === 'day') return 'same';
  return 'uncertain';
}

/** A coded problem with one field of a request. */
export interface DateProblem {
  readonly code: CaseDomainErrorCode;
  readonly params: CaseDomainErrorParams;
}

export interface IntakeIncidentDate {
  readonly occurredOn?: string | null;
  /** The field of occurredOn in the request ('incident.occurredOn', 'occurredOn'). */
  readonly field: string;
  /** When this incident was reported, if not with the intake (an incident added later). */
  readonly reportedAt?: Date | null;
}

export interface IntakeDateFacts {
  /** receivedAt of the intake, or the server's time when the request gave none. */
  readonly receivedAt: Date;
  readonly birthYear?: number | null;
  readonly dateOfBirth?: string | null;
  readonly incidents?: readonly IntakeIncidentDate[];
}

export interface IntakeDateFields {
  readonly receivedAt: string;
  readonly birthYear: string;
  readonly dateOfBirth: string;
}

export const INTAKE_DATE_FIELDS: IntakeDateFields = {
  receivedAt: 'receivedAt',
  birthYear: 'survivor.birthYear',
  dateOfBirth: 'survivor.dateOfBirth',
};

/**
 * Dates that cannot be true, each naming its field: a report in the future, a birth in the future or
 * more than MAX_AGE_YEARS before the report, a date of birth outside the birth year, an incident after
 * its report or before the survivor's birth. Days are Hanoi days; an approximate date is refused only
 * when every day it may mean is impossible. All problems are returned, so a form can mark every field.
 */
export function intakeDateProblems(
  facts: IntakeDateFacts,
  now: Date,
  fields: IntakeDateFields = INTAKE_DATE_FIELDS,
): DateProblem[] {
  const problems: DateProblem[] = [];
  const problem = (code: CaseDomainErrorCode, params: CaseDomainErrorParams): void => {
    problems.push({ code, params });
  };

  let report: CalendarDate | undefined;
  if (!isValidInstant(facts.receivedAt)) problem('DATE_INVALID', { field: fields.receivedAt });
  else if (facts.receivedAt.getTime() > now.getTime() + ALLOWED_CLOCK_SKEW_MS) {
    problem('DATE_IN_FUTURE', { field: fields.receivedAt });
  } else report = hanoiDateOf(facts.receivedAt);
  // A birth is judged against the report's day, or today's when the report itself is wrong.
  const reference = report ?? hanoiDateOf(now);

  let birth: { day: ApproximateDay; field: string } | undefined;
  const checkBirth = (day: ApproximateDay, field: string): boolean => {
    if (compareCalendarDates(day.earliest, reference) > 0) {
      problem('DATE_IN_FUTURE', { field });
      return false;
    }
    if (reference.year - day.latest.year > MAX_AGE_YEARS) {
      problem('BIRTH_TOO_EARLY', { field, maxYears: MAX_AGE_YEARS });
      return false;
    }
    return true;
  };

  const { birthYear, dateOfBirth } = facts;
  let birthYearValid = false;
  if (birthYear !== undefined && birthYear !== null) {
    const day = Number.isInteger(birthYear) ? parseApproximateDate(String(birthYear)) : undefined;
    if (day === undefined) problem('DATE_INVALID', { field: fields.birthYear });
    else {
      birthYearValid = true;
      if (checkBirth(day, fields.birthYear)) birth = { day, field: fields.birthYear };
    }
  }
  if (dateOfBirth !== undefined && dateOfBirth !== null) {
    const day = parseApproximateDate(dateOfBirth);
    if (day === undefined) problem('DATE_INVALID', { field: fields.dateOfBirth });
    else if (birthYearValid && day.earliest.year !== birthYear) {
      problem('DATE_OF_BIRTH_MISMATCH', { field: fields.dateOfBirth, other: fields.birthYear });
    } else if (checkBirth(day, fields.dateOfBirth)) birth = { day, field: fields.dateOfBirth };
  }

  for (const incident of facts.incidents ?? []) {
    if (incident.occurredOn === undefined || incident.occurredOn === null) continue;
    const occurred = parseApproximateDate(incident.occurredOn);
    if (occurred === undefined) {
      problem('DATE_INVALID', { field: incident.field });
      continue;
    }
    const reportedAt = incident.reportedAt ?? undefined;
    const reported =
      reportedAt === undefined ? report : isValidInstant(reportedAt) ? hanoiDateOf(reportedAt) : undefined;
    if (reported !== undefined && compareApproximateDates(occurred, exactDay(reported)) === 'after') {
      problem('INCIDENT_AFTER_REPORT', { field: incident.field, other: fields.receivedAt });
    } else if (birth !== undefined && compareApproximateDates(occurred, birth.day) === 'before') {
      problem('INCIDENT_BEFORE_BIRTH', { field: incident.field, other: birth.field });
    }
  }
  return problems;
}

/** Throws the first problem, with all of them in details for a form to mark. */
export function assertIntakeDates(
  facts: IntakeDateFacts,
  now: Date,
  fields: IntakeDateFields = INTAKE_DATE_FIELDS,
): void {
  const problems = intakeDateProblems(facts, now, fields);
  const [first] = problems;
  if (first !== undefined) throw new CaseDomainError(first.code, first.params, { problems });
}
