import { describe, expect, it } from 'vitest';
import { conflicts, updateOf, valuesOf, type Field } from './people';
import type { CaseFile } from './hooks';

const file = {
  survivor: { sex: 'female', fullName: 'A', phones: ['0912345678', '0987654321'] },
  reporter: { relationship: 'neighbour', fullName: 'R' },
  version: 3,
} as unknown as CaseFile;

describe('survivor edits', () => {
  it('sends only the fields given, the first phone replaced and the others kept', () => {
    expect(updateOf(file, { phone: '0911111111' }, 3)).toEqual({
      version: 3,
      survivor: { phones: ['0911111111', '0987654321'] },
    });
  });
  it('a conflict is a field she changed whose stored value differs from hers', () => {
    const mine = { ...valuesOf(file), fullName: 'B', addressDetail: 'X' };
    const stored = { ...valuesOf(file), fullName: 'C', addressDetail: 'X', nationalId: '001' };
    const touched = new Set<Field>(['fullName', 'addressDetail']);
    expect(conflicts(touched, mine, stored)).toEqual(['fullName']);
  });
});
