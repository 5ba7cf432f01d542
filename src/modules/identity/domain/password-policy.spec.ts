import { MIN_PASSWORD_LENGTH, passwordProblem } from './password-policy';

const COMMON = new Set(['password', 'qwertyuiop123', 'iloveyou', 'abc']);
const isCommon = (p: string): boolean => COMMON.has(p);

describe('passwordProblem', () => {
  it('accepts a long passphrase that is not common and does not contain the username', () => {
    expect(passwordProblem('Ngựa ô chạy qua cầu 2026', 'lan.nguyen', isCommon)).toBeUndefined();
  });

  it(`refuses fewer than ${MIN_PASSWORD_LENGTH} characters, counting characters rather than bytes`, () => {
    expect(passwordProblem('Abcdefghij1', 'lan', isCommon)).toBe('too_short');
    // 12 characters, more bytes than that in UTF-8.
    expect(passwordProblem('Đường-về-nhà', 'lan', isCommon)).toBeUndefined();
  });

  it('refuses a password that contains the username, whatever the case', () => {
    expect(passwordProblem('xin-chao-LAN.NGUYEN-2026', 'lan.nguyen', isCommon)).toBe('contains_username');
  });

  it('refuses a common password, and a common password with digits or symbols around it', () => {
    expect(passwordProblem('QwertyUiop123', 'someone', isCommon)).toBe('common');
    expect(passwordProblem('Password2024!!', 'someone', isCommon)).toBe('common');
    expect(passwordProblem('123!!iloveyou!!', 'someone', isCommon)).toBe('common');
  });

  it('refuses one short unit repeated, or a common word repeated', () => {
    expect(passwordProblem('aaaaaaaaaaaa', 'someone', isCommon)).toBe('common');
    expect(passwordProblem('xyzxyzxyzxyz', 'someone', isCommon)).toBe('common');
    expect(passwordProblem('abcabcabcabcabc', 'someone', isCommon)).toBe('common');
  });

  it('refuses a password that is only digits and symbols', () => {
    expect(passwordProblem('1234-5678-9012', 'someone', isCommon)).toBe('common');
  });
});
