import { SESSION_PASSWORD_GUESSES } from '../../src/modules/identity/auth/lockout.service';
import { startApi, testEnv, RunningApi } from '../support/app';
import { call, createUser, MANY_SIGN_INS, totpCode, TestUser } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';

interface WebSignIn {
  status: number;
  body: { accessToken?: string; refreshToken?: string; csrfToken?: string; code?: string };
  setCookie: string[];
  /** The value of the haven_refresh cookie set, when one was. */
  cookie?: string;
}

const WEB = { 'x-haven-client': 'web' };

async function post(
  api: RunningApi,
  path: string,
  opts: { headers?: Record<string, string>; body?: unknown; text?: string } = {},
): Promise<WebSignIn> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | undefined;
  if (opts.text !== undefined) {
    headers['content-type'] = 'text/plain;charset=UTF-8';
    body = opts.text;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(`${api.url}${path}`, { method: 'POST', headers, body });
  const text = await res.text();
  const setCookie = res.headers.getSetCookie();
  const value = setCookie.map((c) => /^haven_refresh=([^;]*)/.exec(c)?.[1]).find((v) => v !== undefined);
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : {}) as WebSignIn['body'],
    setCookie,
    cookie: value,
  };
}

const cookieHeader = (value: string) => ({ cookie: `other=1; haven_refresh=${value}` });

describe('the browser’s session: refresh token in a cookie, CSRF token in the page', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let user: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(
      testEnv(db.url, { ...MANY_SIGN_INS, AUTH_LOGIN_LIMIT_PER_USER: '1000', REFRESH_GRACE_SECONDS: '30' }),
    );
    user = await createUser(db, { roles: ['counsellor'] });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const webSignIn = (u: TestUser = user, totp?: string) =>
    post(api, '/api/v1/auth/login', {
      headers: WEB,
      body: { username: u.username, password: u.password, ...(totp ? { totp } : {}) },
    });
  const me = (token: string) =>
    call(api, 'GET', '/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });
  const refresh = (cookie: string, csrf?: string) =>
    post(api, '/api/v1/auth/refresh', {
      headers: { ...cookieHeader(cookie), ...(csrf !== undefined ? { 'x-csrf-token': csrf } : {}) },
      body: {},
    });

  it('signs in with X-Haven-Client: web: the refresh token only in an HttpOnly, SameSite=Strict cookie on the auth routes', async () => {
    const s = await webSignIn();
    expect(s.status).toBe(200);
    expect(s.body.refreshToken).toBeUndefined();
    expect(s.body.accessToken).toEqual(expect.any(String));
    expect(s.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.setCookie).toHaveLength(1);
    const attrs = s.setCookie[0]!.split(';').map((a) => a.trim());
    expect(attrs).toEqual(
      expect.arrayContaining(['Path=/api/v1/auth', 'HttpOnly', 'SameSite=Strict']) as string[],
    );
    // Not production here: Secure would keep the cookie from http://127.0.0.1 (web-session.spec.ts).
    expect(attrs).not.toContain('Secure');
    expect(s.cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('leaves the body-based clients as they were: no cookie, the refresh token in the answer', async () => {
    const s = await post(api, '/api/v1/auth/login', {
      body: { username: user.username, password: user.password },
    });
    expect(s.status).toBe(200);
    expect(s.setCookie).toEqual([]);
    expect(s.body.refreshToken).toEqual(expect.any(String));
    expect(s.body.csrfToken).toBeUndefined();
    const r = await post(api, '/api/v1/auth/refresh', { body: { refreshToken: s.body.refreshToken } });
    expect(r.status).toBe(200);
    expect(r.setCookie).toEqual([]);
    expect(r.body.refreshToken).toEqual(expect.any(String));
  });

  it('refreshes with the cookie and the CSRF token, rotating the cookie; the answer holds no refresh token', async () => {
    const s = await webSignIn();
    const r = await refresh(s.cookie!, s.body.csrfToken);
    expect(r.status).toBe(200);
    expect(r.body.refreshToken).toBeUndefined();
    expect(r.body.csrfToken).toBe(s.body.csrfToken);
    expect(r.cookie).toEqual(expect.any(String));
    expect(r.cookie).not.toBe(s.cookie);
    expect((await me(r.body.accessToken!)).status).toBe(200);
    const next = await refresh(r.cookie!, r.body.csrfToken);
    expect(next.status).toBe(200);
  });

  it.each([
    ['without the CSRF token', undefined],
    ['with a wrong CSRF token', 'A'.repeat(43)],
    ['with another session’s CSRF token', 'other'],
  ])('refuses the cookie %s with 403 CSRF_TOKEN_INVALID, spending nothing', async (_, csrf) => {
    const s = await webSignIn();
    const wrong = csrf === 'other' ? (await webSignIn()).body.csrfToken : csrf;
    const r = await refresh(s.cookie!, wrong);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('CSRF_TOKEN_INVALID');
    expect(r.setCookie).toEqual([]);
    // The token was not spent nor judged reused: the page's own request still works.
    expect((await refresh(s.cookie!, s.body.csrfToken)).status).toBe(200);
  });

  it('keeps the grace window: the same cookie sent twice (two tabs) gets two answers of the same session', async () => {
    const s = await webSignIn();
    const first = await refresh(s.cookie!, s.body.csrfToken);
    const second = await refresh(s.cookie!, s.body.csrfToken);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await me(first.body.accessToken!)).status).toBe(200);
    expect((await me(second.body.accessToken!)).status).toBe(200);
  });

  it('asks for the token when neither body nor cookie has one (400 naming refreshToken)', async () => {
    const r = await post(api, '/api/v1/auth/refresh', { body: {} });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
  });

  it('ends the session by a beacon (text/plain body = CSRF token): the cookie is cleared and refused afterwards', async () => {
    const s = await webSignIn();
    const out = await post(api, '/api/v1/auth/logout/cookie', {
      headers: cookieHeader(s.cookie!),
      text: s.body.csrfToken!,
    });
    expect(out.status).toBe(204);
    expect(out.setCookie[0]).toMatch(
      /^haven_refresh=; Path=\/api\/v1\/auth; HttpOnly; SameSite=Strict.*Max-Age=0/,
    );
    expect((await me(s.body.accessToken!)).status).toBe(401);
    const after = await refresh(s.cookie!, s.body.csrfToken);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('REFRESH_TOKEN_INVALID');
    const [row] = await db.query<{ revoked_reason: string }>(
      `SELECT s.revoked_reason FROM sessions s JOIN refresh_tokens rt ON rt.session_id = s.id
        WHERE rt.token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [s.cookie],
    );
    expect(row?.revoked_reason).toBe('logout');
  });

  it('ends the session with the CSRF token as a header too', async () => {
    const s = await webSignIn();
    const out = await post(api, '/api/v1/auth/logout/cookie', {
      headers: { ...cookieHeader(s.cookie!), 'x-csrf-token': s.body.csrfToken! },
    });
    expect(out.status).toBe(204);
    expect((await me(s.body.accessToken!)).status).toBe(401);
  });

  it('refuses a cookie logout without the right CSRF token (403) or without a cookie (401), and the session goes on', async () => {
    const s = await webSignIn();
    const forged = await post(api, '/api/v1/auth/logout/cookie', {
      headers: cookieHeader(s.cookie!),
      text: 'x',
    });
    expect(forged.body).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('CSRF_TOKEN_INVALID');
    const none = await post(api, '/api/v1/auth/logout/cookie', { text: s.body.csrfToken! });
    expect(none.status).toBe(401);
    expect((await me(s.body.accessToken!)).status).toBe(200);
  });
});

describe('the refresh cookie in production', () => {
  let db: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    // The validated test settings, as production would run them (the cookie's Secure follows NODE_ENV).
    api = await startApi({
      ...testEnv(db.url, { ...MANY_SIGN_INS, AUTH_MFA_REQUIRED: 'false' }),
      NODE_ENV: 'production',
    });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('is Secure', async () => {
    const u = await createUser(db, { roles: ['counsellor'] });
    const s = await post(api, '/api/v1/auth/login', {
      headers: WEB,
      body: { username: u.username, password: u.password },
    });
    expect(s.status).toBe(200);
    const attrs = s.setCookie[0]!.split(';').map((a) => a.trim());
    expect(attrs).toEqual(
      expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Strict', 'Path=/api/v1/auth']) as string[],
    );
  });
});

describe('re-authentication for the idle lock', () => {
  let db: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, AUTH_MFA_REQUIRED: 'true' }));
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const signInWithCode = async (u: TestUser, step = 0) => {
    const r = await call<{ accessToken: string }>(api, 'POST', '/api/v1/auth/login', {
      body: { username: u.username, password: u.password, totp: totpCode(u.totpSecret!, step) },
    });
    expect(r.status).toBe(200);
    return r.body.accessToken;
  };
  const reauth = (token: string, body: Record<string, string>) =>
    call<{ code?: string; details?: { field: string }[] }>(api, 'POST', '/api/v1/auth/reauthenticate', {
      token,
      body,
    });
  const sessionsOf = async (u: TestUser) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions WHERE user_id = $1`, [u.id]))[0]!
      .n;

  it('accepts the password and the code of the session’s own user; the same session goes on, no new one', async () => {
    const u = await createUser(api, { roles: ['hotline_operator'], mfa: true });
    const token = await signInWithCode(u);
    const before = await sessionsOf(u);
    const r = await reauth(token, { password: u.password, totp: totpCode(u.totpSecret!, 1) });
    expect(r.status).toBe(204);
    expect(await sessionsOf(u)).toBe(before);
    expect((await call(api, 'GET', '/api/v1/auth/me', { token })).status).toBe(200);
    const audit = await db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE actor_id = $1 AND action = 'auth.reauthenticated'`,
      [u.id],
    );
    expect(audit).toHaveLength(1);
  });

  it('asks for the code when the user has the second factor (400 MFA_CODE_INVALID naming totp)', async () => {
    const u = await createUser(api, { roles: ['hotline_operator'], mfa: true });
    const token = await signInWithCode(u);
    const r = await reauth(token, { password: u.password });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('MFA_CODE_INVALID');
    expect(r.body.details).toEqual([{ field: 'totp' }]);
  });

  it('counts wrong passwords against this session only: a few end it, the account is never locked', async () => {
    const u = await createUser(api, { roles: ['hotline_operator'], mfa: true });
    const token = await signInWithCode(u);
    for (let i = 1; i < SESSION_PASSWORD_GUESSES; i++) {
      const r = await reauth(token, { password: 'not-the-password' });
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('CURRENT_PASSWORD_INCORRECT');
    }
    expect((await call(api, 'GET', '/api/v1/auth/me', { token })).status).toBe(200);
    expect((await reauth(token, { password: 'not-the-password' })).status).toBe(403);
    expect((await call(api, 'GET', '/api/v1/auth/me', { token })).status).toBe(401);
    const [row] = await db.query<{ failed_logins: number; locked_until: Date | null }>(
      `SELECT failed_logins, locked_until FROM users WHERE id = $1`,
      [u.id],
    );
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
    // She signs in again at once.
    await signInWithCode(u, 1);
  });

  it('refuses without a signed-in session (401)', async () => {
    const r = await call(api, 'POST', '/api/v1/auth/reauthenticate', { body: { password: 'x' } });
    expect(r.status).toBe(401);
  });
});
