/**
 * Calendar days as people in Hanoi live them: a case opened at 00:30 on 1 January in Hanoi belongs to
 * the new year although it is still 31 December in UTC. Vietnam has kept UTC+7 without daylight saving
 * since 1975, so a fixed offset is exact for every instant Haven records and needs no time-zone
 * database (the spec checks it against Intl's Asia/Ho_Chi_Minh). Birth dates are calendar dates, never
 * instants, so older offsets do not matter.
 */
export const CASE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const OFFSET_MS = 7 * 3_600_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Instants arrive from parsing; an invalid Date reaching a rule is a bug in the caller, not bad input. */
function timeOf(instant: Date): number {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('an invalid Date reached a Hanoi-calendar rule');
  return t;
}

export function isValidInstant(instant: Date): boolean {
  return !Number.isNaN(instant.getTime());
}

/** The Hanoi calendar day of an instant. */
export function hanoiDateOf(instant: Date): CalendarDate {
  const local = hanoiWallClock(instant);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/** The Hanoi calendar day of an instant as YYYY-MM-DD. */
export function hanoiDayText(instant: Date): string {
  return hanoiWallClock(instant).toISOString().slice(0, 10);
}

/** A Date whose UTC fields read the Hanoi wall clock of the instant: for formatting only. */
export function hanoiWallClock(instant: Date): Date {
  return new Date(timeOf(instant) + OFFSET_MS);
}

export function hanoiYearOf(instant: Date): number {
  return hanoiDateOf(instant).year;
}

/** The instant a Hanoi wall-clock time happens (midnight by default). */
export function hanoiInstant(date: CalendarDate, hours = 0, minutes = 0): Date {
  const utc = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  utc.setUTCFullYear(date.year, date.month - 1, date.day);
  utc.setUTCHours(hours, minutes, 0, 0);
  return new Date(utc.getTime() - OFFSET_MS);
}

export function addHours(instant: Date, hours: number): Date {
  return new Date(timeOf(instant) + hours * HOUR_MS);
}

export function addDays(instant: Date, days: number): Date {
  return new Date(timeOf(instant) + days * DAY_MS);
}

/**
 * Calendar months on the Hanoi calendar, same wall-clock time; a day the target month lacks becomes its
 * last day (31 October + 4 months = 28 or 29 February), as a period "of 4 months" is read in practice,
 * never spilling into the month after.
 */
export function addMonthsHanoi(instant: Date, months: number): Date {
  const local = new Date(timeOf(instant) + OFFSET_MS);
  const monthIndex = local.getUTCFullYear() * 12 + local.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const day = Math.min(local.getUTCDate(), daysInMonth(year, month));
  const result = new Date(local.getTime());
  result.setUTCFullYear(year, month - 1, day);
  return new Date(result.getTime() - OFFSET_MS);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isValidCalendarDate(date: CalendarDate): boolean {
  return (
    Number.isInteger(date.year) &&
    Number.isInteger(date.month) &&
    Number.isInteger(date.day) &&
    date.month >= 1 &&
    date.month <= 12 &&
    date.day >= 1 &&
    date.day <= daysInMonth(date.year, date.month)
  );
}

/** Negative when a is the earlier day, 0 on the same day, positive when a is later. */
export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
