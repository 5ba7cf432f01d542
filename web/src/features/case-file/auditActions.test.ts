import { describe, expect, it } from 'vitest';
import { auditActionLabel } from './auditActions';

describe('the access log in words', () => {
  it('names a known action in Vietnamese and in English', () => {
    expect(auditActionLabel('case.read', 'vi')).toEqual({ text: 'Xem hồ sơ' });
    expect(auditActionLabel('case.read', 'en')).toEqual({ text: 'Read the file' });
  });

  it('names the subject of an unknown action and keeps its code beside it', () => {
    expect(auditActionLabel('document.shredded', 'vi')).toEqual({
      text: 'Tài liệu',
      code: 'document.shredded',
    });
  });

  it('shows the code itself when even the subject is unknown', () => {
    expect(auditActionLabel('zeta.thing', 'vi')).toEqual({ text: 'zeta.thing', code: undefined });
  });
});
