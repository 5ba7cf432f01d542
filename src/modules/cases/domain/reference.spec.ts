import { CaseDomainError } from './errors';
import {
  caseReferenceFor,
  formatCaseReference,
  isCanonicalCaseReference,
  parseCaseReference,
  referenceYear,
  requireCaseReference,
} from './reference';

describe('formatCaseReference', () => {
  it('pads the sequence to six digits', () => {
    expect(formatCaseReference({ prefix: 'HN', year: 2026, sequence: 123 })).toBe('HN-2026-000123');
    expect(formatCaseReference({ prefix: 'HN', year: 2026, sequence: 1 })).toBe('HN-2026-000001');
    expect(formatCaseReference({ prefix: 'HN', year: 2026, sequence: 999_999 })).toBe('HN-2026-999999');
  });

  it('writes more digits once a year passes 999 999', () => {
    expect(formatCaseReference({ prefix: 'HN', year: 2026, sequence: 1_000_000 })).toBe('HN-2026-1000000');
  });

  it('takes the configured prefix', () => {
    expect(formatCaseReference({ prefix: 'CTXH', year: 2027, sequence: 42 })).toBe('CTXH-2027-000042');
  });

  it('treats a bad prefix, year or sequence as a bug', () => {
    expect(() => formatCaseReference({ prefix: 'hn', year: 2026, sequence: 1 })).toThrow('prefix');
    expect(() => formatCaseReference({ prefix: 'H', year: 2026, sequence: 1 })).toThrow('prefix');
    expect(() => formatCaseReference({ prefix: 'HN-1', year: 2026, sequence: 1 })).toThrow('prefix');
    expect(() => formatCaseReference({ prefix: 'HN', year: 26, sequence: 1 })).toThrow(RangeError);
    expect(() => formatCaseReference({ prefix: 'HN', year: 2026, sequence: 0 })).toThrow(RangeError);
    expect(() => formatCaseReference({ prefix: 'HN', year: 2026, sequence: 1.5 })).toThrow(RangeError);
  });
});

describe('referenceYear', () => {
  it('takes the year in Hanoi time: 17:30 UTC on 31 December is already the next year', () => {
    expect(referenceYear(new Date('2026-12-31T17:30:00Z'))).toBe(2027);
    expect(referenceYear(new Date('2026-12-31T16:59:59Z'))).toBe(2026);
    expect(caseReferenceFor('HN', new Date('2026-12-31T17:30:00Z'), 1)).toBe('HN-2027-000001');
  });

  it('starts the year at midnight +07:00, whatever offset the instant was written in', () => {
    expect(referenceYear(new Date('2027-01-01T00:00:00Z'))).toBe(2027);
    expect(referenceYear(new Date('2026-01-01T00:00:00+07:00'))).toBe(2026);
    expect(referenceYear(new Date('2025-12-31T23:59:59+07:00'))).toBe(2025);
  });
});

describe('parseCaseReference', () => {
  it('reads a canonical reference into its parts', () => {
    expect(parseCaseReference('HN-2026-000123')).toEqual({ prefix: 'HN', year: 2026, sequence: 123 });
    expect(parseCaseReference('HN-2026-1000000')).toEqual({ prefix: 'HN', year: 2026, sequence: 1_000_000 });
  });

  it('reads a reference typed from a phone call: lower case, spaces, padding forgotten', () => {
    expect(parseCaseReference('  hn 2026 123 ')).toEqual({ prefix: 'HN', year: 2026, sequence: 123 });
    expect(parseCaseReference('HN2026-000123')).toEqual({ prefix: 'HN', year: 2026, sequence: 123 });
    expect(parseCaseReference('hn-2026-0000123')).toEqual({ prefix: 'HN', year: 2026, sequence: 123 });
  });

  it('refuses what is not a reference', () => {
    for (const raw of [
      '',
      'HN',
      'HN-2026',
      'HN-26-000123',
      'HN-2026-000000',
      'HN-0999-000001',
      '2026-000123',
      'HN-2026-12a',
      'Nguyễn-2026-1',
      'HN-2026-000123-1',
    ]) {
      expect(parseCaseReference(raw)).toBeUndefined();
    }
  });

  it('refuses another prefix than the expected one', () => {
    expect(parseCaseReference('HCM-2026-000123', 'HN')).toBeUndefined();
    expect(parseCaseReference('hn-2026-000123', 'HN')).toEqual({ prefix: 'HN', year: 2026, sequence: 123 });
  });
});

describe('isCanonicalCaseReference', () => {
  it('accepts only the form Haven writes', () => {
    expect(isCanonicalCaseReference('HN-2026-000123')).toBe(true);
    expect(isCanonicalCaseReference('HN-2026-1234567')).toBe(true);
    expect(isCanonicalCaseReference('HN-2026-0123456')).toBe(false);
    expect(isCanonicalCaseReference('HN-2026-123')).toBe(false);
    expect(isCanonicalCaseReference('hn-2026-000123')).toBe(false);
    expect(isCanonicalCaseReference('HN-2026-000000')).toBe(false);
  });

  it('agrees with what formatCaseReference writes', () => {
    for (const sequence of [1, 99, 999_999, 1_000_000, 123_456_789]) {
      expect(isCanonicalCaseReference(formatCaseReference({ prefix: 'HN', year: 2026, sequence }))).toBe(
        true,
      );
    }
  });
});

describe('requireCaseReference', () => {
  it('returns the canonical form', () => {
    expect(requireCaseReference('hn 2026 42')).toBe('HN-2026-000042');
  });

  it('refuses a non-reference naming the field, without echoing it', () => {
    let error: unknown;
    try {
      requireCaseReference('0912 345 678', 'filter.reference');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CaseDomainError);
    expect((error as CaseDomainError).code).toBe('CASE_REFERENCE_INVALID');
    expect((error as CaseDomainError).params).toEqual({ field: 'filter.reference' });
  });
});
