import { DomainError } from '../../../platform/http/domain-error';
import { hanoiDayText } from '../../../platform/time';

/**
 * The referral's pure rules (docs/DESIGN.md §4): its states and who moves it, the answer deadline, which
 * consent covers a provider, and the dates of a completion. Plain TypeScript: the services load rows,
 * ask the access rules and write.
 */

export const REFERRAL_STATES = [
  'sent',
  'accepted',
  'declined',
  'cancelled',
  'in_service',
  'completed',
  'not_completed',
] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

/** Who makes a move: the provider's staff, or the referring side (through the case). */
export type ReferralSide = 'provider' | 'referrer';

/**
 * Every move and its side. Only the provider moves a referral after `sent`; the referrer may only
 * withdraw one that was not answered yet. `not_completed` from accepted is a survivor who never arrived.
 */
const MOVES: Readonly<Record<ReferralState, readonly { to: ReferralState; by: ReferralSide }[]>> = {
  sent: [
    { to: 'accepted', by: 'provider' },
    { to: 'declined', by: 'provider' },
    { to: 'cancelled', by: 'referrer' },
  ],
  accepted: [
    { to: 'in_service', by: 'provider' },
    { to: 'not_completed', by: 'provider' },
  ],
  in_service: [
    { to: 'completed', by: 'provider' },
    { to: 'not_completed', by: 'provider' },
  ],
  declined: [],
  cancelled: [],
  completed: [],
  not_completed: [],
};

/** Open referrals wait for the provider or are in its hands: a second one for the same service is a double. */
export const OPEN_STATES: readonly ReferralState[] = ['sent', 'accepted', 'in_service'];

/** The states ending a referral (ended_at is set when one is reached). */
export const END_STATES: readonly ReferralState[] = ['declined', 'cancelled', 'completed', 'not_completed'];

/** Moves that need a reason (the text is stored encrypted). */
const REASON_REQUIRED: readonly ReferralState[] = ['declined', 'cancelled', 'not_completed'];

export function isReferralState(value: unknown): value is ReferralState {
  return typeof value === 'string' && (REFERRAL_STATES as readonly string[]).includes(value);
}

/** The states this side may move the referral to from `from` (what a refused move names). */
export function allowedMoves(from: ReferralState, side: ReferralSide): ReferralState[] {
  return MOVES[from].filter((m) => m.by === side).map((m) => m.to);
}

/**
 * A move by one side, or DomainError REFERRAL_TRANSITION_NOT_ALLOWED (422) naming the moves this side
 * has from the current state (none when the referral has ended or waits for the other side).
 */
export function moveReferral(from: ReferralState, to: ReferralState, side: ReferralSide): ReferralState {
  const allowed = allowedMoves(from, side);
  if (allowed.includes(to)) return to;
  throw new DomainError(
    'REFERRAL_TRANSITION_NOT_ALLOWED',
    { from, to, allowed: allowed.length > 0 ? allowed.join(', ') : '—' },
    { from, to, allowed },
  );
}

export const needsReason = (to: ReferralState): boolean => REASON_REQUIRED.includes(to);

/** A reason required by the move and missing → 400 REFERRAL_REASON_REQUIRED naming the field. */
export function assertReason(to: ReferralState, reasonText: string | undefined, field = 'reasonText'): void {
  if (needsReason(to) && (reasonText === undefined || reasonText.trim() === '')) {
    throw new DomainError('REFERRAL_REASON_REQUIRED', { field, status: to });
  }
}

/** When the provider must have answered: sentAt plus the urgency's hours (config/referrals.yaml). */
export function dueByOf(sentAt: Date, urgency: string, dueHours: Readonly<Record<string, number>>): Date {
  const hours = dueHours[urgency];
  if (hours === undefined) throw new Error(`no dueHours for urgency ${urgency}`);
  return new Date(sentAt.getTime() + hours * 3_600_000);
}

/** What a covering consent is checked on (CaseSharingService's SharingConsent fits). */
export interface ConsentFacts {
  id: string;
  caseId: string;
  purpose: string;
  providerTypes: readonly string[];
  providerIds: readonly string[];
  givenAt: Date;
  withdrawnAt: Date | null;
}

/** What of a provider a consent names: its id or its type. */
export interface ProviderKey {
  id: string;
  type: string;
}

/** A consent for referral, not withdrawn, naming the provider or its type. */
export function coversProvider(consent: ConsentFacts, provider: ProviderKey): boolean {
  return (
    consent.purpose === 'referral' &&
    consent.withdrawnAt === null &&
    (consent.providerIds.includes(provider.id) || consent.providerTypes.includes(provider.type))
  );
}

/** The newest consent of the list that covers the provider, or null. */
export function newestCovering<T extends ConsentFacts>(
  consents: readonly T[],
  provider: ProviderKey,
): T | null {
  let best: T | null = null;
  for (const c of consents) {
    if (!coversProvider(c, provider)) continue;
    if (!best || c.givenAt.getTime() > best.givenAt.getTime()) best = c;
  }
  return best;
}

/**
 * The consent the caller named: of this case (else 422 CONSENT_OF_ANOTHER_CASE), and covering the
 * provider (else 422 CONSENT_REQUIRED). A consent that does not exist is CONSENT_REQUIRED too.
 */
export function checkNamedConsent<T extends ConsentFacts>(
  consent: T | null,
  caseId: string,
  provider: ProviderKey,
): T {
  if (consent && consent.caseId !== caseId) {
    throw new DomainError('CONSENT_OF_ANOTHER_CASE', { field: 'consentId' });
  }
  if (!consent || !coversProvider(consent, provider)) {
    throw new DomainError('CONSENT_REQUIRED', { field: 'consentId' });
  }
  return consent;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The Hanoi calendar day of an instant, as YYYY-MM-DD. */
export function hanoiDay(instant: Date): string {
  return hanoiDayText(instant);
}

function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * The day the services were completed: given (a calendar date, not after today in Hanoi, not before the
 * day the referral was sent) or today. Dates compare as text (YYYY-MM-DD sorts by time).
 */
export function completionDay(
  completedOn: string | undefined,
  sentAt: Date,
  now: Date,
  field = 'completedOn',
): string {
  const today = hanoiDay(now);
  if (completedOn === undefined) return today;
  if (!isCalendarDate(completedOn)) throw new DomainError('DATE_INVALID', { field });
  if (completedOn > today) throw new DomainError('DATE_IN_FUTURE', { field });
  const sentDay = hanoiDay(sentAt);
  if (completedOn < sentDay) {
    throw new DomainError('DATE_BEFORE_OTHER', { field, other: 'sentAt' });
  }
  return completedOn;
}

/** Beds of a provider that counts them: free never below 0; null capacity → free null. */
export function occupancyOf(
  capacity: number | null,
  held: number,
  occupied: number,
): { capacity: number | null; held: number; occupied: number; free: number | null } {
  return {
    capacity,
    held,
    occupied,
    free: capacity === null ? null : Math.max(capacity - held - occupied, 0),
  };
}

/** Whether one more bed may be held: only for a provider that counts beds. */
export const hasFreeBed = (capacity: number | null, held: number, occupied: number): boolean =>
  capacity === null || held + occupied < capacity;
