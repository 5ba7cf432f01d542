import { DomainError } from '../../../platform/http/domain-error';
import {
  allowedMoves,
  assertReason,
  checkNamedConsent,
  completionDay,
  ConsentFacts,
  coversProvider,
  dueByOf,
  hanoiDay,
  hasFreeBed,
  moveReferral,
  newestCovering,
  occupancyOf,
  REFERRAL_STATES,
} from './referral-workflow';

const thrown = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
};

const consent = (over: Partial<ConsentFacts> = {}): ConsentFacts => ({
  id: 'c1',
  caseId: 'case-1',
  purpose: 'referral',
  providerTypes: [],
  providerIds: ['p1'],
  givenAt: new Date('2026-01-01T00:00:00Z'),
  withdrawnAt: null,
  ...over,
});
const provider = { id: 'p1', type: 'safe_house' };

describe('referral workflow', () => {
  it.each([
    ['sent', 'accepted', 'provider'],
    ['sent', 'declined', 'provider'],
    ['sent', 'cancelled', 'referrer'],
    ['accepted', 'in_service', 'provider'],
    ['accepted', 'not_completed', 'provider'],
    ['in_service', 'completed', 'provider'],
    ['in_service', 'not_completed', 'provider'],
  ] as const)('moves %s → %s by the %s', (from, to, side) => {
    expect(moveReferral(from, to, side)).toBe(to);
  });

  it('refuses the referrer every move but cancelling a sent referral', () => {
    for (const from of REFERRAL_STATES) {
      expect(allowedMoves(from, 'referrer')).toEqual(from === 'sent' ? ['cancelled'] : []);
    }
  });

  it('refuses the provider cancelling, naming the moves it has', () => {
    const e = thrown(() => moveReferral('sent', 'cancelled', 'provider'));
    expect(e.code).toBe('REFERRAL_TRANSITION_NOT_ALLOWED');
    expect(e.params).toMatchObject({ from: 'sent', to: 'cancelled', allowed: 'accepted, declined' });
    expect(e.details).toEqual({ from: 'sent', to: 'cancelled', allowed: ['accepted', 'declined'] });
  });

  it('refuses skipping the admission (sent → in_service) naming accepted and declined', () => {
    const e = thrown(() => moveReferral('sent', 'in_service', 'provider'));
    expect(e.details).toMatchObject({ allowed: ['accepted', 'declined'] });
  });

  it('refuses any move from an ended referral with an empty list', () => {
    for (const from of ['declined', 'cancelled', 'completed', 'not_completed'] as const) {
      const e = thrown(() => moveReferral(from, 'accepted', 'provider'));
      expect(e.details).toMatchObject({ allowed: [] });
    }
  });

  it('refuses accepting twice', () => {
    expect(thrown(() => moveReferral('accepted', 'accepted', 'provider')).details).toMatchObject({
      allowed: ['in_service', 'not_completed'],
    });
  });

  it('asks a reason for decline, cancel and not_completed only', () => {
    expect(
      thrown(() => {
        assertReason('declined', undefined);
      }).code,
    ).toBe('REFERRAL_REASON_REQUIRED');
    expect(
      thrown(() => {
        assertReason('cancelled', '  ');
      }).params,
    ).toMatchObject({ field: 'reasonText' });
    expect(
      thrown(() => {
        assertReason('not_completed', '');
      }).code,
    ).toBe('REFERRAL_REASON_REQUIRED');
    expect(() => {
      assertReason('accepted', undefined);
    }).not.toThrow();
    expect(() => {
      assertReason('completed', undefined);
    }).not.toThrow();
  });
});

describe('dueBy', () => {
  const hours = { emergency: 1, urgent: 24, routine: 72 };
  const sent = new Date('2026-03-01T10:00:00Z');
  it.each([
    ['emergency', '2026-03-01T11:00:00.000Z'],
    ['urgent', '2026-03-02T10:00:00.000Z'],
    ['routine', '2026-03-04T10:00:00.000Z'],
  ])('adds the hours of %s', (urgency, due) => {
    expect(dueByOf(sent, urgency, hours).toISOString()).toBe(due);
  });
  it('throws on an urgency without hours (a configuration bug)', () => {
    expect(() => dueByOf(sent, 'whenever', hours)).toThrow('no dueHours');
  });
});

describe('consents', () => {
  it('covers by provider id or by provider type', () => {
    expect(coversProvider(consent(), provider)).toBe(true);
    expect(coversProvider(consent({ providerIds: [], providerTypes: ['safe_house'] }), provider)).toBe(true);
    expect(coversProvider(consent({ providerIds: ['p2'], providerTypes: ['health'] }), provider)).toBe(false);
  });
  it('does not cover once withdrawn or for another purpose', () => {
    expect(coversProvider(consent({ withdrawnAt: new Date() }), provider)).toBe(false);
    expect(coversProvider(consent({ purpose: 'case_management' }), provider)).toBe(false);
  });
  it('picks the newest covering consent', () => {
    const old = consent({ id: 'old', givenAt: new Date('2026-01-01T00:00:00Z') });
    const newer = consent({ id: 'new', givenAt: new Date('2026-02-01T00:00:00Z') });
    const newest = consent({
      id: 'withdrawn',
      givenAt: new Date('2026-03-01T00:00:00Z'),
      withdrawnAt: new Date(),
    });
    expect(newestCovering([old, newer, newest], provider)?.id).toBe('new');
    expect(newestCovering([newest], provider)).toBeNull();
  });
  it('refuses a named consent of another case with CONSENT_OF_ANOTHER_CASE', () => {
    const e = thrown(() => checkNamedConsent(consent({ caseId: 'case-2' }), 'case-1', provider));
    expect(e.code).toBe('CONSENT_OF_ANOTHER_CASE');
    expect(e.params).toEqual({ field: 'consentId' });
  });
  it('refuses a missing, withdrawn or not covering named consent with CONSENT_REQUIRED', () => {
    expect(thrown(() => checkNamedConsent(null, 'case-1', provider)).code).toBe('CONSENT_REQUIRED');
    expect(
      thrown(() => checkNamedConsent(consent({ withdrawnAt: new Date() }), 'case-1', provider)).code,
    ).toBe('CONSENT_REQUIRED');
    expect(thrown(() => checkNamedConsent(consent({ providerIds: ['p9'] }), 'case-1', provider)).code).toBe(
      'CONSENT_REQUIRED',
    );
    expect(checkNamedConsent(consent(), 'case-1', provider).id).toBe('c1');
  });
});

describe('completion day', () => {
  const sent = new Date('2026-03-01T20:00:00Z'); // 2 March 03:00 in Hanoi
  const now = new Date('2026-03-05T18:30:00Z'); // 6 March 01:30 in Hanoi
  it('is today in Hanoi by default', () => {
    expect(hanoiDay(now)).toBe('2026-03-06');
    expect(completionDay(undefined, sent, now)).toBe('2026-03-06');
  });
  it('keeps a date between the sending day and today', () => {
    expect(completionDay('2026-03-02', sent, now)).toBe('2026-03-02');
    expect(completionDay('2026-03-06', sent, now)).toBe('2026-03-06');
  });
  it('refuses a date in the future, before the sending day, or not a date', () => {
    expect(thrown(() => completionDay('2026-03-07', sent, now)).code).toBe('DATE_IN_FUTURE');
    expect(thrown(() => completionDay('2026-03-01', sent, now)).code).toBe('DATE_BEFORE_OTHER');
    expect(thrown(() => completionDay('2026-02-30', sent, now)).code).toBe('DATE_INVALID');
    expect(thrown(() => completionDay('6/3/2026', sent, now)).params).toEqual({ field: 'completedOn' });
  });
});

describe('occupancy', () => {
  it('counts free beds and never below zero', () => {
    expect(occupancyOf(2, 1, 0)).toEqual({ capacity: 2, held: 1, occupied: 0, free: 1 });
    expect(occupancyOf(2, 2, 1)).toMatchObject({ free: 0 });
    expect(occupancyOf(null, 3, 1)).toMatchObject({ free: null });
  });
  it('holds a bed only while held + occupied is below capacity', () => {
    expect(hasFreeBed(2, 1, 0)).toBe(true);
    expect(hasFreeBed(2, 1, 1)).toBe(false);
    expect(hasFreeBed(null, 100, 100)).toBe(true);
  });
});
