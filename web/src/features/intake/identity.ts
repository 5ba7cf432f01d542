/**
 * "Complete and valid" as the API reads it (src/modules/cases/domain/identity-numbers.ts): only then is a
 * number sent for the duplicate check, so that half-typed digits never leave the browser.
 */
const VIETNAMESE = /^\+84(?:[35789]\d{8}|2\d{9})$/;

/** A Vietnamese phone in E.164, or null while it is incomplete or not a Vietnamese number. */
export function completePhone(raw: string): string | null {
  const compact = raw.replace(/[\s.\-()]/g, '');
  if (!/^\+?\d+$/.test(compact)) return null;
  let e164: string;
  if (compact.startsWith('+84')) e164 = compact;
  else if (compact.startsWith('84') && compact.length >= 11) e164 = `+${compact}`;
  else if (compact.startsWith('0')) e164 = `+84${compact.slice(1)}`;
  else return null;
  return VIETNAMESE.test(e164) ? e164 : null;
}

/** A 12-digit CCCD or 9-digit CMND, or null. */
export function completeNationalId(raw: string): string | null {
  const digits = raw.replace(/[\s.-]/g, '');
  return /^(\d{9}|\d{12})$/.test(digits) ? digits : null;
}

/**
 * The incident's date as the API takes it: an exact day typed dd/MM/yyyy → yyyy-MM-dd; an approximate
 * one, MM/yyyy → yyyy-MM or yyyy. Null when it is none of these.
 */
export function incidentDate(raw: string): string | null {
  const s = raw.trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
    return `${m[3]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  m = /^(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) {
    const mo = Number(m[1]);
    return mo >= 1 && mo <= 12 ? `${m[2]}-${String(mo).padStart(2, '0')}` : null;
  }
  return /^\d{4}$/.test(s) ? s : null;
}
