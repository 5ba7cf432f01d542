import { normalizeNationalId, normalizePhone, normalizeText } from './normalize';

describe('normalizePhone', () => {
  it.each([
    ['0912 345 678', '+84912345678'],
    ['0912-345-678', '+84912345678'],
    ['+84912345678', '+84912345678'],
    ['+84 912 345 678', '+84912345678'],
    ['0084912345678', '+84912345678'],
    ['84912345678', '+84912345678'],
    ['(024) 3826 1234', '+842438261234'],
    ['+1 415 555 0100', '+14155550100'],
  ])('writes %p as %p', (raw, e164) => {
    expect(normalizePhone(raw)).toBe(e164);
  });

  it.each(['', 'abc', '12', 'Nguyễn Lan', '+84 912 345 678 999 999 9'])('refuses %p', (raw) => {
    expect(normalizePhone(raw)).toBeUndefined();
  });
});

describe('normalizeText', () => {
  it('lower-cases, removes diacritics (đ too) and collapses spaces', () => {
    expect(normalizeText('  Nguyễn   Thị ĐÀO  ')).toBe('nguyen thi dao');
    expect(normalizeText('Trần Văn Đức')).toBe(normalizeText('tran van duc'));
  });

  it('treats composed and decomposed Unicode alike', () => {
    expect(normalizeText('Nguy\u1ec5n')).toBe(normalizeText('Nguye\u0302\u0303n'));
  });
});

describe('normalizeNationalId', () => {
  it('accepts a 12-digit CCCD and a 9-digit CMND, without spaces or dots', () => {
    expect(normalizeNationalId('001 190 012 345')).toBe('001190012345');
    expect(normalizeNationalId('012.345.678')).toBe('012345678');
  });

  it.each(['12345', '0011900123456', '00119001234a', ''])('refuses %p', (raw) => {
    expect(normalizeNationalId(raw)).toBeUndefined();
  });
});
