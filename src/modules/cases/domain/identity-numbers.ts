import { normalizeNationalId, normalizePhone } from '../../../platform/crypto/normalize';
import { CaseDomainError } from './errors';

/**
 * Identity numbers at intake. Validation uses the same normalisation as the blind indexes
 * (platform/crypto/normalize.ts), so that what is accepted is exactly what duplicate search can find.
 */

export type NationalIdKind = 'cccd' | 'cmnd';

/**
 * A 12-digit CCCD (citizen identity card) or 9-digit CMND (the older identity card) number, written with
 * spaces, dots or dashes as people copy it from the card. Only the length is checked: the digits
 * carry the province and birth century, but a stricter check would refuse cards issued before the
 * rules it assumes, and a wrong refusal at the hotline costs more than a typo.
 */
export function validateNationalId(raw: string, field = 'survivor.nationalId'): string {
  const digits = normalizeNationalId(raw);
  if (digits === undefined) throw new CaseDomainError('NATIONAL_ID_INVALID', { field });
  return digits;
}

export function nationalIdKind(digits: string): NationalIdKind {
  return digits.length === 12 ? 'cccd' : 'cmnd';
}

/**
 * Vietnamese numbers since the 2018 renumbering: a mobile is 9 digits after +84 starting 3, 5, 7, 8 or 9;
 * a landline is 10 digits starting with its 02x area code.
 */
const VIETNAMESE = /^\+84(?:[35789]\d{8}|2\d{9})$/;

/**
 * A phone number in E.164 ("0912 345 678" → "+84912345678"). A foreign number (a survivor abroad, a
 * relative's) is accepted as the normaliser reads it; a Vietnamese one must have a Vietnamese length.
 */
export function validatePhone(raw: string, field: string): string {
  const e164 = normalizePhone(raw);
  if (e164 === undefined || (e164.startsWith('+84') && !VIETNAMESE.test(e164))) {
    throw new CaseDomainError('PHONE_INVALID', { field });
  }
  return e164;
}

/** Several phones, each named by its index ('survivor.phones.1'); the same number twice is kept once. */
export function validatePhones(raws: readonly string[], field = 'survivor.phones'): string[] {
  const phones: string[] = [];
  raws.forEach((raw, i) => {
    const phone = validatePhone(raw, `${field}.${i}`);
    if (!phones.includes(phone)) phones.push(phone);
  });
  return phones;
}
