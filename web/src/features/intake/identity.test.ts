import { describe, expect, it } from 'vitest';
import { completeNationalId, completePhone, incidentDate } from './identity';

describe('complete values only', () => {
  it('reads a Vietnamese phone in the formats people type, and nothing half-typed', () => {
    expect(completePhone('0977 123 456')).toBe('+84977123456');
    expect(completePhone('+84 977.123.456')).toBe('+84977123456');
    expect(completePhone('84977123456')).toBe('+84977123456');
    expect(completePhone('024 3823 1234')).toBe('+842438231234');
    expect(completePhone('0977 123 45')).toBeNull();
    expect(completePhone('0177123456')).toBeNull();
    expect(completePhone('abc')).toBeNull();
  });

  it('a national ID of 9 or 12 digits', () => {
    expect(completeNationalId('001 190 077 665')).toBe('001190077665');
    expect(completeNationalId('123456789')).toBe('123456789');
    expect(completeNationalId('0011900776')).toBeNull();
  });

  it("the incident's date exact (dd/MM/yyyy) or approximate (MM/yyyy, yyyy)", () => {
    expect(incidentDate('05/03/2026')).toBe('2026-03-05');
    expect(incidentDate('3/2026')).toBe('2026-03');
    expect(incidentDate('2025')).toBe('2025');
    expect(incidentDate('31/02/2026')).toBeNull();
    expect(incidentDate('13/2026')).toBeNull();
    expect(incidentDate('hôm qua')).toBeNull();
  });
});
