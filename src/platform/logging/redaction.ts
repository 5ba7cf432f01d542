/**
 * Field names that hold personal data anywhere in Haven (docs/DESIGN.md §3, §7). A log object that carries
 * one of them, at any depth, has the value replaced before it is written. Matching ignores case and
 * punctuation, so full_name, fullName and FULL-NAME are all caught.
 */
export const PERSONAL_FIELD_NAMES = [
  'fullName',
  'name',
  'displayName',
  'phone',
  'phones',
  'phoneNumber',
  'nationalId',
  'addressDetail',
  'address',
  'addressText',
  'dateOfBirth',
  'birthYear',
  'guardian',
  'guardianName',
  'guardianPhone',
  'codeWord',
  'safeContact',
  'safeContactNotes',
  'safeTimes',
  'reporter',
  'note',
  'notes',
  'text',
  'body',
  'reasonText',
  'password',
  'newPassword',
  'totp',
  'otp',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'setCookie',
  'email',
  'survivor',
] as const;

const normalise = (k: string): string => k.toLowerCase().replace(/[^a-z0-9]/g, '');
const PERSONAL = new Set(PERSONAL_FIELD_NAMES.map(normalise));
export const REDACTED = '[redacted]';

export function isPersonalField(key: string): boolean {
  return PERSONAL.has(normalise(key));
}

/** Returns a copy with every personal field censored, at any depth; cycles and depth are bounded. */
export function redactDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[depth]';
  if (seen.has(value)) return '[cycle]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1, seen));
  if (value instanceof Date) return value;
  if (value instanceof Error) return { type: value.name };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = isPersonalField(k) ? REDACTED : redactDeep(v, depth + 1, seen);
  }
  return out;
}
