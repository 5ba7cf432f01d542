/**
 * The password policy (ASVS 6.2): at least 12 characters, not containing the username, not a common
 * password. Length counts characters (code points), so Vietnamese passphrases count as typed.
 */
export const MIN_PASSWORD_LENGTH = 12;

export type PasswordProblem = 'too_short' | 'contains_username' | 'common';

/** Leading and trailing digits, punctuation and spaces: "password2024!" is "password" with decoration. */
const DECORATION = /^[^\p{L}]+|[^\p{L}]+$/gu;

/**
 * Why a password is refused, or undefined when it is acceptable. `isCommon` answers for a lower-cased
 * candidate; it is asked about the password itself, about the password without its leading and
 * trailing digits and symbols, and about the unit of a password made of one repeated unit.
 */
export function passwordProblem(
  password: string,
  username: string,
  isCommon: (lowerCased: string) => boolean,
): PasswordProblem | undefined {
  if (Array.from(password).length < MIN_PASSWORD_LENGTH) return 'too_short';
  const lower = password.toLowerCase();
  const name = username.trim().toLowerCase();
  if (name.length > 0 && lower.includes(name)) return 'contains_username';
  const candidates = new Set<string>([lower, lower.replace(DECORATION, '')]);
  const unit = repeatedUnit(lower);
  if (unit !== undefined) candidates.add(unit);
  for (const c of candidates) {
    if (c.length === 0 || isCommon(c)) return 'common';
  }
  if (unit !== undefined && Array.from(unit).length <= 3) return 'common';
  return undefined;
}

/** "abcabcabcabc" → "abc"; undefined when the text is not one unit repeated. */
function repeatedUnit(text: string): string | undefined {
  const chars = Array.from(text);
  for (let size = 1; size <= chars.length / 2; size++) {
    if (chars.length % size !== 0) continue;
    const unit = chars.slice(0, size).join('');
    if (unit.repeat(chars.length / size) === text) return unit;
  }
  return undefined;
}
