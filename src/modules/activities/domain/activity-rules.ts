import { DomainError } from '../../../platform/http';
import { hanoiDayText } from '../../../platform/time';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Today's calendar day in Hanoi (UTC+7, no daylight saving time), YYYY-MM-DD. */
export const hanoiToday = (now: Date): string => hanoiDayText(now);

/** A real calendar day (2026-02-30 is not), not after today in Hanoi: 400 naming the field otherwise. */
export function assertActivityDate(day: string, now: Date, field = 'date'): void {
  const m = DAY.exec(day);
  const valid =
    !!m &&
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === day;
  if (!valid) throw new DomainError('ACTIVITY_DATE_INVALID', { field });
  if (day > hanoiToday(now)) throw new DomainError('ACTIVITY_DATE_IN_FUTURE', { field });
}

export interface ParticipantCounts {
  female: number;
  male: number;
  other: number;
}

/** Young participants are some of the participants: 422 naming the field when they outnumber them. */
export function assertYouthWithinTotal(
  participants: ParticipantCounts,
  youth: number | null | undefined,
  field = 'youthParticipants',
): void {
  const total = participants.female + participants.male + participants.other;
  if (youth !== null && youth !== undefined && youth > total)
    throw new DomainError('ACTIVITY_YOUTH_ABOVE_TOTAL', { field });
}

/**
 * The model an activity of a kind carries: the kind's own when it implies one (a model given must agree,
 * 422 naming the field), else the one given (or none).
 */
export function modelFor(
  implied: number | undefined,
  given: number | null | undefined,
  field = 'model',
): number | null {
  if (implied === undefined) return given ?? null;
  if (given !== null && given !== undefined && given !== implied)
    throw new DomainError('ACTIVITY_MODEL_MISMATCH', { field, model: implied });
  return implied;
}
