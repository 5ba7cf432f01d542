import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CaseDomainError } from './errors';
import { hanoiDateOf, hanoiInstant } from '../../../platform/time';
import {
  checkProtectionMeasure,
  latestEndOf,
  NO_CONTACT_LIMITS,
  protectionMeasureDeadlines,
  ProtectionMeasureDates,
} from './protection-measures';

const COMMUNE = NO_CONTACT_LIMITS.no_contact_order_commune;
const COURT = NO_CONTACT_LIMITS.no_contact_order_court;
/** 20:00 on 10 March 2026 in Hanoi. */
const REQUESTED = hanoiInstant({ year: 2026, month: 3, day: 10 }, 20);
const hoursAfter = (d: Date, h: number) => new Date(d.getTime() + h * 3_600_000);
const NOW = hanoiInstant({ year: 2028, month: 6, day: 1 });

function caught(fn: () => unknown): CaseDomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CaseDomainError) return e;
    throw e;
  }
  throw new Error('expected a CaseDomainError');
}
const check = (dates: ProtectionMeasureDates, limits = COMMUNE, now = NOW) =>
  checkProtectionMeasure(dates, limits, now);

describe("a commune chair's no-contact order", () => {
  it('is due for decision 12 hours after the request, across midnight', () => {
    const pending = check({ requestedAt: REQUESTED }, COMMUNE, hoursAfter(REQUESTED, 1));
    expect(pending.decisionDueAt?.toISOString()).toBe(hoursAfter(REQUESTED, 12).toISOString());
    expect(hanoiDateOf(pending.decisionDueAt!)).toEqual({ year: 2026, month: 3, day: 11 });
    expect(protectionMeasureDeadlines(pending)).toEqual([
      { kind: 'decision_due', dueAt: hoursAfter(REQUESTED, 12) },
    ]);
  });

  it('lasts at most 3 days from the decision, taken as its end when none is given', () => {
    const decidedAt = hoursAfter(REQUESTED, 4);
    const order = check({ requestedAt: REQUESTED, decidedAt });
    expect(order.startsAt).toEqual(decidedAt);
    expect(order.endsAt?.toISOString()).toBe(hoursAfter(decidedAt, 72).toISOString());
    expect(order.endAssumed).toBe(true);
    expect(order.decidedLate).toBe(false);
    expect(protectionMeasureDeadlines(order)).toEqual([{ kind: 'expiry', dueAt: hoursAfter(decidedAt, 72) }]);
  });

  it('accepts exactly 3 days and refuses a minute more, naming the field and the limit', () => {
    const decidedAt = hoursAfter(REQUESTED, 2);
    const exact = check({ requestedAt: REQUESTED, decidedAt, endsAt: hoursAfter(decidedAt, 72) });
    expect(exact.endAssumed).toBe(false);
    const e = caught(() =>
      check({ requestedAt: REQUESTED, decidedAt, endsAt: hoursAfter(decidedAt, 72 + 1 / 60) }),
    );
    expect(e.code).toBe('PROTECTION_MEASURE_TOO_LONG_DAYS');
    expect(e.params).toEqual({ field: 'endsAt', maxDays: 3 });
  });

  it('counts the 3 days from a later start when the order gives one', () => {
    const decidedAt = hoursAfter(REQUESTED, 2);
    const startsAt = hoursAfter(decidedAt, 10);
    expect(check({ requestedAt: REQUESTED, decidedAt, startsAt }).endsAt).toEqual(hoursAfter(startsAt, 72));
    expect(() =>
      check({ requestedAt: REQUESTED, decidedAt, startsAt, endsAt: hoursAfter(startsAt, 72) }),
    ).not.toThrow();
  });

  it('records a decision later than 12 hours as late rather than refusing it', () => {
    const order = check({ requestedAt: REQUESTED, decidedAt: hoursAfter(REQUESTED, 13) });
    expect(order.decidedLate).toBe(true);
    expect(check({ requestedAt: REQUESTED, decidedAt: hoursAfter(REQUESTED, 12) }).decidedLate).toBe(false);
  });

  it('needs the request or the decision time', () => {
    const e = caught(() => check({}));
    expect(e.code).toBe('DATE_REQUIRED');
    expect(e.params).toEqual({ field: 'requestedAt' });
  });

  it('may be recorded from its decision alone, without a decision deadline', () => {
    const decidedAt = hoursAfter(REQUESTED, 5);
    const order = check({ decidedAt });
    expect(order.decisionDueAt).toBeUndefined();
    expect(order.decidedLate).toBe(false);
    expect(protectionMeasureDeadlines(order).map((d) => d.kind)).toEqual(['expiry']);
  });
});

describe("a court's no-contact order", () => {
  it('lasts at most 4 calendar months in Hanoi, ending on the last day of a shorter month', () => {
    const decidedAt = hanoiInstant({ year: 2026, month: 10, day: 31 }, 9);
    const order = check({ decidedAt }, COURT);
    expect(hanoiDateOf(order.endsAt!)).toEqual({ year: 2027, month: 2, day: 28 });
    expect(order.endAssumed).toBe(true);
  });

  it('reaches 29 February in a leap year', () => {
    const decidedAt = hanoiInstant({ year: 2027, month: 10, day: 31 }, 9);
    expect(hanoiDateOf(latestEndOf(decidedAt, COURT)!)).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it('refuses an end beyond 4 months, naming the field and the limit', () => {
    const decidedAt = hanoiInstant({ year: 2026, month: 3, day: 15 }, 9);
    expect(() =>
      check({ decidedAt, endsAt: hanoiInstant({ year: 2026, month: 7, day: 15 }, 9) }, COURT),
    ).not.toThrow();
    const e = caught(() =>
      check({ decidedAt, endsAt: hanoiInstant({ year: 2026, month: 7, day: 16 }, 9) }, COURT),
    );
    expect(e.code).toBe('PROTECTION_MEASURE_TOO_LONG_MONTHS');
    expect(e.params).toEqual({ field: 'endsAt', maxMonths: 4 });
  });

  it('has no decision deadline and no follow-up while awaited', () => {
    const order = check({ requestedAt: REQUESTED }, COURT);
    expect(order.decisionDueAt).toBeUndefined();
    expect(protectionMeasureDeadlines(order)).toEqual([]);
  });

  it('may be recorded without a request time', () => {
    expect(() => check({}, COURT)).not.toThrow();
  });
});

describe('dates of any measure', () => {
  it('refuses a decision before the request', () => {
    const e = caught(() => check({ requestedAt: REQUESTED, decidedAt: hoursAfter(REQUESTED, -1) }));
    expect(e.code).toBe('DATE_BEFORE_OTHER');
    expect(e.params).toEqual({ field: 'decidedAt', other: 'requestedAt' });
  });

  it('refuses a start before the decision and an end before the start', () => {
    const decidedAt = hoursAfter(REQUESTED, 2);
    expect(caught(() => check({ decidedAt, startsAt: hoursAfter(decidedAt, -1) })).params).toEqual({
      field: 'startsAt',
      other: 'decidedAt',
    });
    expect(caught(() => check({ decidedAt, endsAt: hoursAfter(decidedAt, -1) })).params).toEqual({
      field: 'endsAt',
      other: 'decidedAt',
    });
    const startsAt = hoursAfter(decidedAt, 5);
    expect(caught(() => check({ decidedAt, startsAt, endsAt: hoursAfter(startsAt, -1) })).params).toEqual({
      field: 'endsAt',
      other: 'startsAt',
    });
  });

  it('refuses an end for an order not yet decided', () => {
    const e = caught(() => check({ requestedAt: REQUESTED, endsAt: hoursAfter(REQUESTED, 24) }));
    expect(e.code).toBe('DATE_REQUIRED');
    expect(e.params).toEqual({ field: 'decidedAt' });
  });

  it('refuses a request or decision in the future, beyond clock skew', () => {
    const now = hoursAfter(REQUESTED, 1);
    expect(() => check({ requestedAt: hoursAfter(now, 0.05) }, COMMUNE, now)).not.toThrow();
    expect(caught(() => check({ requestedAt: hoursAfter(now, 1) }, COMMUNE, now)).params).toEqual({
      field: 'requestedAt',
    });
    const e = caught(() => check({ requestedAt: REQUESTED, decidedAt: hoursAfter(now, 2) }, COMMUNE, now));
    expect(e.code).toBe('DATE_IN_FUTURE');
    expect(e.params).toEqual({ field: 'decidedAt' });
  });

  it('refuses an invalid date naming its field', () => {
    const e = caught(() => check({ requestedAt: REQUESTED, decidedAt: new Date('nope') }));
    expect(e.code).toBe('DATE_INVALID');
    expect(e.params).toEqual({ field: 'decidedAt' });
  });

  it('gives a measure without limits its own dates and an expiry only when it has an end', () => {
    const startsAt = hoursAfter(REQUESTED, 1);
    const open = check({ startsAt }, {});
    expect(open).toMatchObject({ startsAt, endsAt: undefined, endAssumed: false, decisionDueAt: undefined });
    expect(protectionMeasureDeadlines(open)).toEqual([]);
    const endsAt = hoursAfter(startsAt, 24 * 30);
    expect(protectionMeasureDeadlines(check({ startsAt, endsAt }, {}))).toEqual([
      { kind: 'expiry', dueAt: endsAt },
    ]);
    expect(() => check({ endsAt }, {})).not.toThrow();
  });

  it('names fields as the caller spells them', () => {
    const fields = {
      requestedAt: 'm.requestedAt',
      decidedAt: 'm.decidedAt',
      startsAt: 'm.startsAt',
      endsAt: 'm.endsAt',
    };
    const e = caught(() =>
      checkProtectionMeasure(
        { requestedAt: REQUESTED, decidedAt: hoursAfter(REQUESTED, -2) },
        COMMUNE,
        NOW,
        fields,
      ),
    );
    expect(e.params).toEqual({ field: 'm.decidedAt', other: 'm.requestedAt' });
  });
});

describe('NO_CONTACT_LIMITS', () => {
  it('mirrors the no-contact orders of config/catalogues/protection-measures.yaml', () => {
    const file = join(__dirname, '../../../../config/catalogues/protection-measures.yaml');
    const catalogue = parse(readFileSync(file, 'utf8')) as { items: Record<string, unknown>[] };
    const limits: Record<string, Record<string, unknown>> = {};
    for (const item of catalogue.items.filter((i) => i.noContact === true)) {
      const { article, decisionWithinHours, maxDays, maxMonths } = item;
      const defined = Object.entries({ article, decisionWithinHours, maxDays, maxMonths }).filter(
        ([, v]) => v !== undefined,
      );
      limits[String(item.key)] = Object.fromEntries(defined);
    }
    expect(limits).toEqual(NO_CONTACT_LIMITS);
  });
});
