import { Controller, Get, Module } from '@nestjs/common';
import { ApplicationConfig } from '@nestjs/core';
import { startApi, testEnv, RunningApi } from '../support/app';
import { call, createUser, signIn, SignInError, TestUser } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';

describe('sign-in, tokens and sessions', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let counsellor: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(
      testEnv(db.url, { AUTH_LOGIN_LIMIT_PER_IP: '1000', AUTH_LOGIN_LIMIT_PER_USER: '1000' }),
    );
    counsellor = await createUser(db, { roles: ['counsellor'] });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('signs in with username and password and answers the pair and the user', async () => {
    const res = await call(api, 'POST', '/api/v1/auth/login', {
      body: { username: counsellor.username, password: counsellor.password },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String) as string,
      refreshToken: expect.any(String) as string,
      expiresIn: 900,
      user: {
        id: counsellor.id,
        username: counsellor.username,
        displayName: counsellor.displayName,
        roles: ['counsellor'],
        organizationId: counsellor.organizationId,
      },
      // true only after a confirmed reset (identity-account-changes.e2e-spec.ts)
      passwordChangeRequired: false,
    });
  });

  it('accepts the username in any case', async () => {
    const s = await signIn(api, counsellor.username.toUpperCase(), counsellor.password);
    expect(s.user.id).toBe(counsellor.id);
  });

  it('answers the signed-in user on /auth/me with the access token', async () => {
    const s = await signIn(api, counsellor.username, counsellor.password);
    const me = await call(api, 'GET', '/api/v1/auth/me', { token: s.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: counsellor.id, roles: ['counsellor'], mfaEnabled: false });
  });

  it('refuses a signed-in route without a token, with a malformed one, or one signed with another key', async () => {
    expect((await call(api, 'GET', '/api/v1/auth/me')).status).toBe(401);
    const malformed = await call(api, 'GET', '/api/v1/auth/me', { token: 'not-a-jwt' });
    expect(malformed.status).toBe(401);
    expect(malformed.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    const s = await signIn(api, counsellor.username, counsellor.password);
    const [h, p] = s.accessToken.split('.');
    const forged = await call(api, 'GET', '/api/v1/auth/me', { token: `${h}.${p}.AAAA` });
    expect(forged.status).toBe(401);
  });

  it('answers INVALID_CREDENTIALS alike for a wrong password and an unknown username', async () => {
    const wrong = await call(api, 'POST', '/api/v1/auth/login', {
      body: { username: counsellor.username, password: 'not the password at all' },
    });
    const unknown = await call(api, 'POST', '/api/v1/auth/login', {
      body: { username: 'no.such.person', password: 'not the password at all' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const strip = (b: unknown) => ({ ...(b as Record<string, unknown>), requestId: undefined });
    expect(strip(unknown.body)).toEqual(strip(wrong.body));
  });

  it('refuses an unknown field in the login body, naming it', async () => {
    const res = await call(api, 'POST', '/api/v1/auth/login', {
      body: { username: counsellor.username, password: counsellor.password, remember: true },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(res.body)).toContain('remember');
  });

  it('logs out: the access token stops working at once and the refresh token is refused', async () => {
    const s = await signIn(api, counsellor.username, counsellor.password);
    expect((await call(api, 'POST', '/api/v1/auth/logout', { token: s.accessToken })).status).toBe(204);
    expect((await call(api, 'GET', '/api/v1/auth/me', { token: s.accessToken })).status).toBe(401);
    const refreshed = await call(api, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: s.refreshToken },
    });
    expect(refreshed.status).toBe(401);
    expect(refreshed.body).toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
  });

  it('refuses a disabled user at sign-in like a wrong password', async () => {
    const gone = await createUser(db, { roles: ['counsellor'], disabled: true });
    await expect(signIn(api, gone.username, gone.password)).rejects.toEqual(
      new SignInError(401, 'INVALID_CREDENTIALS'),
    );
  });

  it('rotates the refresh token: the new pair works and the spent token is single use', async () => {
    const s = await signIn(api, counsellor.username, counsellor.password);
    const next = await call<{ accessToken: string; refreshToken: string; expiresIn: number }>(
      api,
      'POST',
      '/api/v1/auth/refresh',
      { body: { refreshToken: s.refreshToken } },
    );
    expect(next.status).toBe(200);
    expect(next.body.refreshToken).not.toBe(s.refreshToken);
    expect((await call(api, 'GET', '/api/v1/auth/me', { token: next.body.accessToken })).status).toBe(200);
    const stored = await db.query<{ token_hash: string }>(
      `SELECT token_hash FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id WHERE s.user_id = $1`,
      [counsellor.id],
    );
    // Only SHA-256 hashes are kept, never the token.
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
    expect(stored.map((r) => r.token_hash)).not.toContain(s.refreshToken);
  });

  it('revokes the whole session when a spent refresh token is presented again after the grace window', async () => {
    const s = await signIn(api, counsellor.username, counsellor.password);
    const first = await call<{ accessToken: string; refreshToken: string }>(
      api,
      'POST',
      '/api/v1/auth/refresh',
      {
        body: { refreshToken: s.refreshToken },
      },
    );
    expect(first.status).toBe(200);
    // Spent longer ago than REFRESH_GRACE_SECONDS: not a double submit any more.
    await db.query(
      `UPDATE refresh_tokens SET used_at = now() - interval '1 hour'
        WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [s.refreshToken],
    );
    const reuse = await call(api, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: s.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body).toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
    // The thief's copy and the rightful holder's new pair are both dead now.
    expect((await call(api, 'GET', '/api/v1/auth/me', { token: first.body.accessToken })).status).toBe(401);
    const again = await call(api, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: first.body.refreshToken },
    });
    expect(again.status).toBe(401);
    const [session] = await db.query<{ revoked_reason: string }>(
      `SELECT s.revoked_reason FROM sessions s JOIN refresh_tokens rt ON rt.session_id = s.id
        WHERE rt.token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [s.refreshToken],
    );
    expect(session?.revoked_reason).toBe('refresh_token_reuse');
    const [audited] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.refresh_token_reused' AND actor_id = $1`,
      [counsellor.id],
    );
    expect(audited?.n).toBeGreaterThan(0);
  });

  it('refuses a refresh token past its own expiry', async () => {
    const s = await signIn(api, counsellor.username, counsellor.password);
    await db.query(
      `UPDATE refresh_tokens SET expires_at = now() - interval '1 second'
        WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [s.refreshToken],
    );
    expect(
      (await call(api, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: s.refreshToken } })).status,
    ).toBe(401);
  });

  it('ends a session at SESSION_MAX_HOURS whatever the refreshes: access and refresh both refused', async () => {
    const s = await signIn(api, counsellor.username, counsellor.password);
    const [row] = await db.query<{ hours: number }>(
      `SELECT round(extract(epoch FROM expires_at - created_at) / 3600)::int AS hours FROM sessions
        WHERE id = (SELECT session_id FROM refresh_tokens WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex'))`,
      [s.refreshToken],
    );
    expect(row?.hours).toBe(api.env.SESSION_MAX_HOURS);
    await db.query(
      `UPDATE sessions SET expires_at = now() - interval '1 second'
        WHERE id = (SELECT session_id FROM refresh_tokens WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex'))`,
      [s.refreshToken],
    );
    expect((await call(api, 'GET', '/api/v1/auth/me', { token: s.accessToken })).status).toBe(401);
    expect(
      (await call(api, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: s.refreshToken } })).status,
    ).toBe(401);
  });

  it('carries sub, sid, roles and org in a 15-minute HS256 access token', async () => {
    const s = await signIn(api, counsellor.username, counsellor.password);
    const [header, payload] = s.accessToken
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>);
    expect(header).toMatchObject({ alg: 'HS256' });
    expect(payload).toMatchObject({
      sub: counsellor.id,
      sid: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
      roles: ['counsellor'],
      org: counsellor.organizationId,
      iss: 'haven',
      aud: 'haven-api',
    });
    expect((payload!.exp as number) - (payload!.iat as number)).toBe(900);
  });

  it('refuses an access token whose algorithm is none', async () => {
    const s = await signIn(api, counsellor.username, counsellor.password);
    const [, payload] = s.accessToken.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expect((await call(api, 'GET', '/api/v1/auth/me', { token: none })).status).toBe(401);
  });

  it('audits sign-ins with the user id and never the username or the password', async () => {
    const rows = await db.query<{
      action: string;
      outcome: string;
      actor_id: string | null;
      reason_code: string | null;
    }>(`SELECT action, outcome, actor_id, reason_code FROM audit_events WHERE action = 'auth.login'`);
    expect(rows.some((r) => r.outcome === 'success' && r.actor_id === counsellor.id)).toBe(true);
    expect(
      rows.some((r) => r.outcome === 'failure' && r.actor_id === null && r.reason_code === 'unknown_user'),
    ).toBe(true);
    const dump = JSON.stringify(await db.query(`SELECT * FROM audit_events`));
    expect(dump).not.toContain(counsellor.username);
    expect(dump).not.toContain(counsellor.password);
    expect(dump).not.toContain('no.such.person');
  });

  it('runs the authentication guard after the platform guard that refuses routes without a decision', () => {
    const config = (api.app as unknown as { config: ApplicationConfig }).config;
    expect(config.getGlobalGuards().map((g) => g.constructor.name)).toEqual([
      'AccessDecisionGuard',
      'JwtAuthGuard',
    ]);
  });

  it('keeps tokens, passwords and display names out of the logs', async () => {
    const s = await signIn(api, counsellor.username, counsellor.password);
    await call(api, 'GET', '/api/v1/auth/me', { token: s.accessToken });
    const logs = api.logs();
    expect(logs).toContain('"route":"/api/v1/auth/login"');
    for (const secret of [counsellor.password, counsellor.displayName, s.accessToken, s.refreshToken])
      expect(logs).not.toContain(secret);
  });
});

@Controller('undecided-for-test')
class UndecidedController {
  @Get()
  get(): { ok: boolean } {
    return { ok: true };
  }
}

@Module({ controllers: [UndecidedController] })
class UndecidedModule {}

describe('a route without an access decision', () => {
  let db: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url), { extraImports: [UndecidedModule] });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('is refused, signed in or not (fail closed)', async () => {
    const user = await createUser(db, { roles: ['admin'] });
    const s = await signIn(api, user.username, user.password);
    for (const token of [undefined, s.accessToken]) {
      const res = await call(api, 'GET', '/api/v1/undecided-for-test', token ? { token } : {});
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ code: 'ACCESS_DECISION_MISSING' });
    }
  });
});
