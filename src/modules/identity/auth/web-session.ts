import { timingSafeEqual } from 'node:crypto';
import type { Env } from '../../../platform/config';

/**
 * The browser's session transport (docs/SECURITY.md, "Session cookies and CSRF"): the refresh token in
 * an HttpOnly, SameSite=Strict cookie that only the auth routes receive, Secure in production; the
 * page keeps the access token and a CSRF token in memory and sends the latter as X-CSRF-Token on every
 * route that reads the cookie (a cross-site page can neither read it nor set the header).
 */
export const REFRESH_COOKIE = 'haven_refresh';
export const COOKIE_PATH = '/api/v1/auth';
/** A client that wants the cookie transport says so on sign-in: `X-Haven-Client: web`. */
export const CLIENT_HEADER = 'x-haven-client';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The cookies of one Cookie header, by name (the first of a repeated name wins, as browsers send the
 * most specific path first). Malformed pairs are skipped; values are taken as they are (Haven's tokens
 * are base64url and never need decoding).
 */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (name && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

function attributes(env: Pick<Env, 'NODE_ENV'>): string {
  return `Path=${COOKIE_PATH}; HttpOnly; SameSite=Strict${env.NODE_ENV === 'production' ? '; Secure' : ''}`;
}

/** The refresh cookie: no Max-Age, so it dies with the browser (shared computers); the token expires anyway. */
export function refreshCookie(token: string, env: Pick<Env, 'NODE_ENV'>): string {
  return `${REFRESH_COOKIE}=${token}; ${attributes(env)}`;
}

export function clearedRefreshCookie(env: Pick<Env, 'NODE_ENV'>): string {
  return `${REFRESH_COOKIE}=; ${attributes(env)}; Max-Age=0`;
}

export function wantsCookie(headers: Record<string, string | string[] | undefined>): boolean {
  return headers[CLIENT_HEADER] === 'web';
}

/** Constant-time comparison of the CSRF token presented with the one expected. */
export function csrfMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
