import { ALLOWED_CLOCK_SKEW_MS } from './dates';
import { CaseDomainError } from './errors';
import { addDays, addHours, addMonthsHanoi, isValidInstant } from '../../../platform/time';

/**
 * Time limits of protection measures (Law 13/2022/QH15), as config/catalogues/protection-measures gives
 * them per measure: how soon a decision is due after the request, and how long one decision may last.
 * A measure without limits (safe place, medical care, legal aid, counselling) only has its dates checked.
 */
export interface MeasureLimits {
  readonly article?: string;
  readonly decisionWithinHours?: number;
  readonly maxDays?: number;
  readonly maxMonths?: number;
}

export type NoContactMeasure = 'no_contact_order_commune' | 'no_contact_order_court';

/** The no-contact orders of the law, as config/catalogues/protection-measures.yaml gives them. */
export const NO_CONTACT_LIMITS: Readonly<Record<NoContactMeasure, MeasureLimits>> = {
  /** By the commune chair: decided within 12 hours of the request, lasting at most 3 days at a time. */
  no_contact_order_commune: { article: '25', decisionWithinHours: 12, maxDays: 3 },
  /** By a court: at most 4 months. */
  no_contact_order_court: { article: '26', maxMonths: 4 },
};

export interface ProtectionMeasureDates {
  readonly requestedAt?: Date | null;
  readonly decidedAt?: Date | null;
  /** When the measure takes effect; the decision's time when not given. */
  readonly startsAt?: Date | null;
  readonly endsAt?: Date | null;
}

export interface ProtectionMeasureFields {
  readonly requestedAt: string;
  readonly decidedAt: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

export const PROTECTION_MEASURE_FIELDS: ProtectionMeasureFields = {
  requestedAt: 'requestedAt',
  decidedAt: 'decidedAt',
  startsAt: 'startsAt',
  endsAt: 'endsAt',
};

export interface CheckedProtectionMeasure {
  readonly requestedAt: Date | undefined;
  readonly decidedAt: Date | undefined;
  readonly startsAt: Date | undefined;
  /** The end given, or the latest the law allows when none was (endAssumed). */
  readonly endsAt: Date | undefined;
  readonly endAssumed: boolean;
  /** When the decision is due: the request plus decisionWithinHours. */
  readonly decisionDueAt: Date | undefined;
  /** Decided after it was due: recorded as it happened, and shown, not refused. */
  readonly decidedLate: boolean;
}

/**
 * The latest end one decision allows from its start; undefined when the measure has no limit. Days are
 * whole 24-hour periods from the start (an order from 20:00 runs to 20:00 three days later); months are
 * calendar months in Hanoi.
 */
export function latestEndOf(startsAt: Date, limits: MeasureLimits): Date | undefined {
  if (limits.maxDays !== undefined) return addDays(startsAt, limits.maxDays);
  if (limits.maxMonths !== undefined) return addMonthsHanoi(startsAt, limits.maxMonths);
  return undefined;
}

const given = (d: Date | null | undefined): Date | undefined => (d === null ? undefined : d);

/**
 * Checks the dates of a measure against its limits, refusing what cannot be true or what the law does
 * not allow (an order longer than its maximum), each error naming its field. A decision later than due
 * is not refused: Haven records what the authority did, and a late decision is a fact to show and count,
 * while refusing it would lose the order and its expiry follow-up. Without an end, a decided measure
 * with a maximum is taken to last that maximum — the longest it can — and marked endAssumed, so the
 * file says "at the latest" until the real end is entered.
 */
export function checkProtectionMeasure(
  dates: ProtectionMeasureDates,
  limits: MeasureLimits,
  now: Date,
  fields: ProtectionMeasureFields = PROTECTION_MEASURE_FIELDS,
): CheckedProtectionMeasure {
  const requestedAt = given(dates.requestedAt);
  const decidedAt = given(dates.decidedAt);
  const startsAtGiven = given(dates.startsAt);
  const endsAtGiven = given(dates.endsAt);

  for (const [name, value] of [
    ['requestedAt', requestedAt],
    ['decidedAt', decidedAt],
    ['startsAt', startsAtGiven],
    ['endsAt', endsAtGiven],
  ] as const) {
    if (value !== undefined && !isValidInstant(value))
      throw new CaseDomainError('DATE_INVALID', { field: fields[name] });
  }
  const latestPossible = now.getTime() + ALLOWED_CLOCK_SKEW_MS;
  if (requestedAt !== undefined && requestedAt.getTime() > latestPossible) {
    throw new CaseDomainError('DATE_IN_FUTURE', { field: fields.requestedAt });
  }
  if (decidedAt !== undefined && decidedAt.getTime() > latestPossible) {
    throw new CaseDomainError('DATE_IN_FUTURE', { field: fields.decidedAt });
  }
  const before = (field: string, other: string): CaseDomainError =>
    new CaseDomainError('DATE_BEFORE_OTHER', { field, other });
  if (requestedAt !== undefined && decidedAt !== undefined && decidedAt < requestedAt) {
    throw before(fields.decidedAt, fields.requestedAt);
  }
  if (limits.decisionWithinHours !== undefined && requestedAt === undefined && decidedAt === undefined) {
    // Without either there is neither a deadline to watch nor an order to count from.
    throw new CaseDomainError('DATE_REQUIRED', { field: fields.requestedAt });
  }
  if (startsAtGiven !== undefined && decidedAt !== undefined && startsAtGiven < decidedAt) {
    throw before(fields.startsAt, fields.decidedAt);
  }

  const startsAt = startsAtGiven ?? decidedAt;
  const hasMaximum = limits.maxDays !== undefined || limits.maxMonths !== undefined;
  if (endsAtGiven !== undefined) {
    if (startsAt === undefined) {
      if (hasMaximum) throw new CaseDomainError('DATE_REQUIRED', { field: fields.decidedAt });
    } else if (endsAtGiven < startsAt) {
      throw before(fields.endsAt, startsAtGiven !== undefined ? fields.startsAt : fields.decidedAt);
    }
  }
  const latestEnd = startsAt && latestEndOf(startsAt, limits);
  if (endsAtGiven !== undefined && latestEnd !== undefined && endsAtGiven > latestEnd) {
    if (limits.maxDays !== undefined) {
      throw new CaseDomainError('PROTECTION_MEASURE_TOO_LONG_DAYS', {
        field: fields.endsAt,
        maxDays: limits.maxDays,
      });
    }
    throw new CaseDomainError('PROTECTION_MEASURE_TOO_LONG_MONTHS', {
      field: fields.endsAt,
      maxMonths: limits.maxMonths ?? 0,
    });
  }

  const decisionDueAt =
    requestedAt !== undefined && limits.decisionWithinHours !== undefined
      ? addHours(requestedAt, limits.decisionWithinHours)
      : undefined;
  return {
    requestedAt,
    decidedAt,
    startsAt,
    endsAt: endsAtGiven ?? latestEnd,
    endAssumed: endsAtGiven === undefined && latestEnd !== undefined,
    decisionDueAt,
    decidedLate: decidedAt !== undefined && decisionDueAt !== undefined && decidedAt > decisionDueAt,
  };
}

export type MeasureDeadlineKind = 'decision_due' | 'expiry';

export interface MeasureDeadline {
  readonly kind: MeasureDeadlineKind;
  readonly dueAt: Date;
}

/**
 * The follow-ups a measure implies (docs/DESIGN.md §3, "deadlines and expiries become follow-ups"): the
 * decision while it is awaited, and the end of the measure once it runs, so that the survivor is not
 * left unprotected when it lapses. Past deadlines are returned too: overdue is for the caller to show.
 */
export function protectionMeasureDeadlines(measure: CheckedProtectionMeasure): MeasureDeadline[] {
  const deadlines: MeasureDeadline[] = [];
  if (measure.decidedAt === undefined && measure.decisionDueAt !== undefined) {
    deadlines.push({ kind: 'decision_due', dueAt: measure.decisionDueAt });
  }
  if (measure.startsAt !== undefined && measure.endsAt !== undefined) {
    deadlines.push({ kind: 'expiry', dueAt: measure.endsAt });
  }
  return deadlines;
}
