/**
 * Normalisation before blind indexing, so that the same person written two ways finds the same index:
 * phone numbers to E.164 (+84 when no country is given), text lower-cased without diacritics with
 * spaces collapsed, national ID numbers to their digits.
 */

/** "0912 345 678", "+84 912-345-678", "0084912345678", "84912345678" → "+84912345678"; undefined if not a phone. */
export function normalizePhone(raw: string, defaultCountryCode = '84'): string | undefined {
  const trimmed = raw.trim();
  if (!/^[+(\d][\d\s().-]*$/.test(trimmed)) return undefined;
  let digits = trimmed.replace(/[^\d]/g, '');
  if (trimmed.startsWith('+')) {
    // already international
  } else if (digits.startsWith('00')) {
    digits = digits.slice(2);
  } else if (digits.startsWith('0')) {
    digits = defaultCountryCode + digits.slice(1);
  } else if (!(digits.startsWith(defaultCountryCode) && digits.length >= 10)) {
    digits = defaultCountryCode + digits;
  }
  if (digits.length < 8 || digits.length > 15) return undefined;
  return `+${digits}`;
}

/** Lower case, no diacritics (đ → d), single spaces: "  Nguyễn  Thị LAN " → "nguyen thi lan". */
export function normalizeText(raw: string): string {
  return raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A CCCD (12 digits) or CMND (9 digits) number, spaces and dots removed; undefined when malformed. */
export function normalizeNationalId(raw: string): string | undefined {
  const digits = raw.replace(/[\s.-]/g, '');
  return /^(\d{9}|\d{12})$/.test(digits) ? digits : undefined;
}
