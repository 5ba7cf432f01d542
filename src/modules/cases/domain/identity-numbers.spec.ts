import { CaseDomainError } from './errors';
import { nationalIdKind, validateNationalId, validatePhone, validatePhones } from './identity-numbers';

function caught(fn: () => unknown): CaseDomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CaseDomainError) return e;
    throw e;
  }
  throw new Error('expected a CaseDomainError');
}

describe('validateNationalId', () => {
  it('accepts a 12-digit CCCD number written with spaces or dots', () => {
    expect(validateNationalId('001 190 012 345')).toBe('001190012345');
    expect(validateNationalId('001.190.012.345')).toBe('001190012345');
    expect(validateNationalId('001190012345')).toBe('001190012345');
  });

  it('accepts a 9-digit CMND number', () => {
    expect(validateNationalId('012 345 678')).toBe('012345678');
  });

  it('refuses other lengths and other characters, naming the field without echoing the number', () => {
    for (const raw of [
      '',
      '12345678',
      '0123456789',
      '00119001234',
      '0011900123456',
      '00119001234A',
      'O12345678',
    ]) {
      const e = caught(() => validateNationalId(raw, 'survivor.nationalId'));
      expect(e.code).toBe('NATIONAL_ID_INVALID');
      expect(e.params).toEqual({ field: 'survivor.nationalId' });
    }
  });

  it('tells a CCCD from a CMND', () => {
    expect(nationalIdKind('001190012345')).toBe('cccd');
    expect(nationalIdKind('012345678')).toBe('cmnd');
  });
});

describe('validatePhone', () => {
  it('gives the same E.164 number for the ways people write a Vietnamese mobile', () => {
    for (const raw of [
      '0912 345 678',
      '0912.345.678',
      '+84912345678',
      '+84 912-345-678',
      '0084912345678',
      '84912345678',
    ]) {
      expect(validatePhone(raw, 'survivor.phones.0')).toBe('+84912345678');
    }
  });

  it('accepts a Hanoi landline with its 024 area code', () => {
    expect(validatePhone('024 3825 1234', 'reporter.phone')).toBe('+842438251234');
  });

  it('accepts a foreign number as written internationally', () => {
    expect(validatePhone('+44 20 7946 0958', 'reporter.phone')).toBe('+442079460958');
  });

  it('refuses a Vietnamese number of the wrong length or a trunk zero after +84', () => {
    for (const raw of [
      '091234567',
      '09123456789',
      '+840912345678',
      '+84 123',
      '024 3825 123',
      '01212345678',
    ]) {
      const e = caught(() => validatePhone(raw, 'survivor.phones.0'));
      expect(e.code).toBe('PHONE_INVALID');
      expect(e.params).toEqual({ field: 'survivor.phones.0' });
    }
  });

  it('refuses text that is not a phone number', () => {
    for (const raw of ['', 'call me', 'Lan: 0912345678', '12']) {
      expect(caught(() => validatePhone(raw, 'guardian.phone')).code).toBe('PHONE_INVALID');
    }
  });
});

describe('validatePhones', () => {
  it('normalises each number and keeps a number written twice once', () => {
    expect(validatePhones(['0912 345 678', '+84912345678', '0987654321'])).toEqual([
      '+84912345678',
      '+84987654321',
    ]);
  });

  it('names the index of the bad number', () => {
    const e = caught(() => validatePhones(['0912345678', 'nope']));
    expect(e.params).toEqual({ field: 'survivor.phones.1' });
  });

  it('accepts no numbers', () => {
    expect(validatePhones([])).toEqual([]);
  });
});
