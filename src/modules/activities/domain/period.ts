/**
 * Reporting periods (docs/DESIGN.md §6): `YYYY-MM`, `YYYY-Qn`, `YYYY-H1`, `YYYY-H2`, `YYYY`, in
 * Asia/Ho_Chi_Minh time (UTC+7 all year: Viet Nam keeps no daylight saving time).
 */
import { hanoiInstant } from '../../../platform/time';

export type PeriodKind = 'month' | 'quarter' | 'half' | 'year';

export interface Period {
  /** The text as given, normalised (e.g. "2026-H2"). */
  id: string;
  kind: PeriodKind;
  year: number;
  /** The first instant of the period (Hanoi midnight), inclusive. */
  from: Date;
  /** The first instant after it, exclusive. */
  to: Date;
  /** The first and last Hanoi calendar days, YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
}

const PATTERN = /^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])|H([12])))?$/;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/** Hanoi midnight of a calendar day (month 1–12; day 1 may overflow into the next month, as Date.UTC does). */
const hanoiMidnight = (year: number, month: number, day = 1): Date => hanoiInstant({ year, month, day });

const dayText = (year: number, month: number, day: number): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

const lastDayOf = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The period, or null when the text does not follow the grammar (or the year is out of 2000–2100). */
export function parsePeriod(text: string): Period | null {
  const m = PATTERN.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  let kind: PeriodKind;
  let firstMonth: number;
  let months: number;
  if (m[2] !== undefined) {
    kind = 'month';
    firstMonth = Number(m[2]);
    months = 1;
  } else if (m[3] !== undefined) {
    kind = 'quarter';
    firstMonth = (Number(m[3]) - 1) * 3 + 1;
    months = 3;
  } else if (m[4] !== undefined) {
    kind = 'half';
    firstMonth = Number(m[4]) === 1 ? 1 : 7;
    months = 6;
  } else {
    kind = 'year';
    firstMonth = 1;
    months = 12;
  }
  const lastMonth = firstMonth + months - 1;
  return {
    id: text.trim(),
    kind,
    year,
    from: hanoiMidnight(year, firstMonth),
    to: lastMonth === 12 ? hanoiMidnight(year + 1, 1) : hanoiMidnight(year, lastMonth + 1),
    firstDay: dayText(year, firstMonth, 1),
    lastDay: dayText(year, lastMonth, lastDayOf(year, lastMonth)),
  };
}

/** The grammar, for error messages. */
export const PERIOD_GRAMMAR = 'YYYY, YYYY-H1, YYYY-H2, YYYY-Q1…Q4 or YYYY-MM';

/** Whether a Hanoi calendar day (YYYY-MM-DD) lies in the period. */
export const periodContainsDay = (p: Period, day: string): boolean => day >= p.firstDay && day <= p.lastDay;
