import { describe, expect, it } from 'vitest';
import { fold, matchPlaces } from './fold';

const communes = [
  { code: '00004', name: 'Ba Đình', fullName: 'Phường Ba Đình' },
  { code: '00008', name: 'Ngọc Hà', fullName: 'Phường Ngọc Hà' },
  { code: '09999', name: 'Ba Vì', fullName: 'Xã Ba Vì' },
  { code: '00100', name: 'Đống Đa', fullName: 'Phường Đống Đa' },
];

describe('diacritic-insensitive commune search', () => {
  it('folds Vietnamese letters, đ included', () => {
    expect(fold('  Phường  Đống Đa ')).toBe('phuong dong da');
  });

  it('finds Ba Đình when typed "ba dinh", and only it', () => {
    expect(matchPlaces(communes, 'ba dinh').map((c) => c.name)).toEqual(['Ba Đình']);
  });

  it('finds with the diacritics typed too, and by the full name', () => {
    expect(matchPlaces(communes, 'Đống').map((c) => c.code)).toEqual(['00100']);
    expect(matchPlaces(communes, 'xa ba').map((c) => c.code)).toEqual(['09999']);
  });

  it('puts names starting with the query first', () => {
    expect(matchPlaces(communes, 'ba').map((c) => c.code)).toEqual(['00004', '09999']);
  });
});
