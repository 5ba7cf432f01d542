import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { generateSync } from '@otplib/totp';
import { base32Decode } from '../../src/modules/identity/domain/base32';
import type { RunningApi } from './app';
import type { TestUser } from '../factories/identity';

export { createUser, createOrganization, buildWorld, DEFAULT_TEST_PASSWORD } from '../factories/identity';
export type { TestUser, TestOrganization, World, RoleName, CreateUserOptions } from '../factories/identity';

/**
 * Signing in from tests, through the real login route. Each sign-in counts against the per-address
 * limit (AUTH_LOGIN_LIMIT_PER_IP, 30 a minute by default); a test file that signs in more often starts
 * its API with testEnv(db.url, MANY_SIGN_INS).
 */
export const MANY_SIGN_INS = { AUTH_LOGIN_LIMIT_PER_IP: '10000' } as const;

export interface SignedIn {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; username: string; displayName: string; roles: string[]; organizationId: string };
}

export class SignInError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(`sign-in answered ${status}${code ? ` ${code}` : ''}`);
    this.name = 'SignInError';
  }
}

/** POST /api/v1/auth/login; throws SignInError unless it answers 200. */
export async function signIn(
  api: Pick<RunningApi, 'url'>,
  username: string,
  password: string,
  totp?: string,
): Promise<SignedIn> {
  const res = await fetch(`${api.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(totp === undefined ? { username, password } : { username, password, totp }),
  });
  const body = (await res.json()) as SignedIn & { code?: string };
  if (res.status !== 200) throw new SignInError(res.status, body.code);
  return body;
}

/** Signs a factory user in (with a TOTP code when the user has the second factor). */
export function signInAs(api: Pick<RunningApi, 'url'>, user: TestUser): Promise<SignedIn> {
  return signIn(api, user.username, user.password, user.totpSecret ? totpCode(user.totpSecret) : undefined);
}

/**
 * A TOTP code for the secret, `stepOffset` 30-second steps from now (Haven accepts ±1 step, and each
 * step once per user: a second sign-in within the same step takes stepOffset 1).
 */
export function totpCode(secret: string, stepOffset = 0): string {
  return generateSync({
    secret: base32Decode(secret),
    crypto: new NodeCryptoPlugin(),
    epoch: Math.floor(Date.now() / 1000) + stepOffset * 30,
  });
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

/** One JSON request to the API, optionally signed in. */
export async function call<T = Record<string, unknown>>(
  api: Pick<RunningApi, 'url'>,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...(opts.token ? bearer(opts.token) : {}), ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: the text as it is
  }
  return { status: res.status, body: body as T };
}

/** Signs each user in once and keeps the access token: for tests that act as many users. */
export function tokenCache(api: Pick<RunningApi, 'url'>): (user: TestUser) => Promise<string> {
  const tokens = new Map<string, Promise<string>>();
  return (user) => {
    let t = tokens.get(user.id);
    if (!t) {
      t = signInAs(api, user).then((s) => s.accessToken);
      tokens.set(user.id, t);
    }
    return t;
  };
}
