import { CaseDomainError } from './errors';
import { hanoiYearOf } from '../../../platform/time';

/**
 * Case reference numbers (docs/DESIGN.md §3): readable over the phone, no personal data — a prefix, the
 * Hanoi year the case was opened, and that year's sequence number padded to six digits (more digits
 * once a year passes 999 999): HN-2026-000123. Gaps are allowed; the sequence itself lives in the
 * database.
 */
export interface CaseReference {
  readonly prefix: string;
  readonly year: number;
  readonly sequence: number;
}

/** Two to eight capital letters: what notifications/domain/title.ts accepts as a reference prefix. */
export const REFERENCE_PREFIX = /^[A-Z]{2,8}$/;
const SEQUENCE_WIDTH = 6;
const CANONICAL = /^([A-Z]{2,8})-(\d{4})-(\d{6,15})$/;
// Typed back from a phone call: any case, spaces or dashes between the parts, padding forgotten.
const LENIENT = /^([A-Za-z]{2,8})[\s-]*(\d{4})[\s-]*(\d{1,15})$/;

/** Writes a reference. Its inputs come from configuration and the database: bad ones are bugs. */
export function formatCaseReference(reference: CaseReference): string {
  const { prefix, year, sequence } = reference;
  if (!REFERENCE_PREFIX.test(prefix)) throw new Error('a case reference prefix is 2 to 8 capital letters');
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw new RangeError('a case reference year has 4 digits');
  if (!Number.isSafeInteger(sequence) || sequence < 1)
    throw new RangeError('a case reference sequence starts at 1');
  return `${prefix}-${year}-${String(sequence).padStart(SEQUENCE_WIDTH, '0')}`;
}

/** The year of a reference: the Hanoi year, so a case opened at 00:30 on 1 January counts in the new year. */
export function referenceYear(openedAt: Date): number {
  return hanoiYearOf(openedAt);
}

export function caseReferenceFor(prefix: string, openedAt: Date, sequence: number): string {
  return formatCaseReference({ prefix, year: referenceYear(openedAt), sequence });
}

/** A reference exactly as Haven writes it. */
export function isCanonicalCaseReference(raw: string): boolean {
  return parseStrict(raw) !== undefined;
}

function parseStrict(raw: string): CaseReference | undefined {
  const m = CANONICAL.exec(raw);
  if (!m) return undefined;
  const digits = m[3] ?? '';
  // Past six digits the number is not padded: HN-2026-0123456 is no reference.
  if (digits.length > SEQUENCE_WIDTH && digits.startsWith('0')) return undefined;
  const reference = { prefix: m[1] ?? '', year: Number(m[2]), sequence: Number(digits) };
  return reference.sequence >= 1 && reference.year >= 1000 ? reference : undefined;
}

/**
 * Reads a reference as a person types it ("hn 2026 123" → HN-2026-000123); undefined when it is none,
 * or when it carries another prefix than the expected one.
 */
export function parseCaseReference(raw: string, expectedPrefix?: string): CaseReference | undefined {
  const m = LENIENT.exec(raw.trim());
  if (!m) return undefined;
  const reference = { prefix: (m[1] ?? '').toUpperCase(), year: Number(m[2]), sequence: Number(m[3]) };
  if (reference.sequence < 1 || reference.year < 1000) return undefined;
  if (expectedPrefix !== undefined && reference.prefix !== expectedPrefix) return undefined;
  return reference;
}

/** The canonical form of a typed reference, or CASE_REFERENCE_INVALID naming the field. */
export function requireCaseReference(raw: string, field = 'reference', expectedPrefix?: string): string {
  const reference = parseCaseReference(raw, expectedPrefix);
  if (reference === undefined) throw new CaseDomainError('CASE_REFERENCE_INVALID', { field });
  return formatCaseReference(reference);
}
