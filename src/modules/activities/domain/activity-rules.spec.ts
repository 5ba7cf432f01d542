import { DomainError } from '../../../platform/http';
import { assertActivityDate, assertYouthWithinTotal, hanoiToday, modelFor } from './activity-rules';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? `${e.code}:${String(e.params.field)}` : 'other';
  }
  return undefined;
};

describe('hanoiToday', () => {
  it('is already the next day in Hanoi from 17:00 UTC', () => {
    expect(hanoiToday(new Date('2026-06-30T16:59:59Z'))).toBe('2026-06-30');
    expect(hanoiToday(new Date('2026-06-30T17:00:00Z'))).toBe('2026-07-01');
  });
});

describe('assertActivityDate', () => {
  const now = new Date('2026-06-30T17:30:00Z'); // 2026-07-01 00:30 in Hanoi

  it('accepts today in Hanoi and earlier days', () => {
    expect(
      codeOf(() => {
        assertActivityDate('2026-07-01', now);
      }),
    ).toBeUndefined();
    expect(
      codeOf(() => {
        assertActivityDate('2024-02-29', now);
      }),
    ).toBeUndefined();
  });

  it('refuses a day after today in Hanoi, naming the field', () => {
    expect(
      codeOf(() => {
        assertActivityDate('2026-07-02', now);
      }),
    ).toBe('ACTIVITY_DATE_IN_FUTURE:date');
  });

  it('refuses days that do not exist or are not YYYY-MM-DD', () => {
    expect(
      codeOf(() => {
        assertActivityDate('2026-02-30', now);
      }),
    ).toBe('ACTIVITY_DATE_INVALID:date');
    expect(
      codeOf(() => {
        assertActivityDate('2026-2-3', now, 'x');
      }),
    ).toBe('ACTIVITY_DATE_INVALID:x');
  });
});

describe('assertYouthWithinTotal', () => {
  const p = { female: 3, male: 2, other: 1 };

  it('accepts up to the total, and no figure at all', () => {
    expect(
      codeOf(() => {
        assertYouthWithinTotal(p, 6);
      }),
    ).toBeUndefined();
    expect(
      codeOf(() => {
        assertYouthWithinTotal(p, null);
      }),
    ).toBeUndefined();
  });

  it('refuses more young participants than participants', () => {
    expect(
      codeOf(() => {
        assertYouthWithinTotal(p, 7);
      }),
    ).toBe('ACTIVITY_YOUTH_ABOVE_TOTAL:youthParticipants');
  });
});

describe('modelFor', () => {
  it("takes the kind's model when none is given", () => {
    expect(modelFor(3, undefined)).toBe(3);
  });

  it('refuses another model than the one the kind implies', () => {
    expect(codeOf(() => modelFor(3, 4))).toBe('ACTIVITY_MODEL_MISMATCH:model');
  });

  it('keeps the given model, or none, for a kind of no model', () => {
    expect(modelFor(undefined, 2)).toBe(2);
    expect(modelFor(undefined, null)).toBeNull();
  });
});
