import * as jwt from 'jsonwebtoken';
import { eventually, startApi, testEnv, RunningApi, TEST_KEYS } from '../support/app';
import { call, createUser, signIn, TestUser } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';

interface Pair {
  accessToken: string;
  refreshToken: string;
}

/** The claims of a real access token, to sign variations of it with the test secret. */
function claimsOf(token: string): { sub: string; sid: string; roles: string[]; org: string } {
  return jwt.decode(token) as { sub: string; sid: string; roles: string[]; org: string };
}

function handcrafted(
  token: string,
  extra: Record<string, unknown>,
  opts: { expiresIn?: number; noTimestamp?: boolean } = {},
): string {
  const c = claimsOf(token);
  return jwt.sign({ roles: c.roles, org: c.org, sid: c.sid, ...extra }, TEST_KEYS.JWT_SECRET, {
    algorithm: 'HS256',
    subject: c.sub,
    issuer: 'haven',
    audience: 'haven-api',
    ...(opts.expiresIn !== undefined ? { expiresIn: opts.expiresIn } : {}),
    ...(opts.noTimestamp ? { noTimestamp: true } : {}),
  });
}

const me = (api: RunningApi, token: string, headers: Record<string, string> = {}) =>
  call(api, 'GET', '/api/v1/auth/me', { headers: { authorization: token, ...headers } });
const refresh = (api: RunningApi, refreshToken: string, headers: Record<string, string> = {}) =>
  call<Pair & { code?: string }>(api, 'POST', '/api/v1/auth/refresh', { body: { refreshToken }, headers });

describe('access and refresh tokens: refusals and the refresh grace window', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let user: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(
      testEnv(db.url, {
        AUTH_LOGIN_LIMIT_PER_IP: '1000',
        AUTH_LOGIN_LIMIT_PER_USER: '1000',
        REFRESH_GRACE_SECONDS: '30',
      }),
    );
    user = await createUser(db, { roles: ['counsellor'] });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const sessionRevoked = async (refreshToken: string) =>
    (
      await db.query<{ revoked_reason: string | null }>(
        `SELECT s.revoked_reason FROM sessions s JOIN refresh_tokens rt ON rt.session_id = s.id
          WHERE rt.token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
        [refreshToken],
      )
    )[0]?.revoked_reason;

  describe('access tokens', () => {
    it('accepts a handcrafted token with exp and a current iat (the control)', async () => {
      const s = await signIn(api, user.username, user.password);
      const token = handcrafted(s.accessToken, {}, { expiresIn: 300 });
      expect((await me(api, `Bearer ${token}`)).status).toBe(200);
      // A few seconds of clock skew between machines is tolerated.
      const skewed = handcrafted(
        s.accessToken,
        { iat: Math.floor(Date.now() / 1000) + 5 },
        { expiresIn: 300 },
      );
      expect((await me(api, `Bearer ${skewed}`)).status).toBe(200);
    });

    it('refuses a token without exp', async () => {
      const s = await signIn(api, user.username, user.password);
      const res = await me(api, `Bearer ${handcrafted(s.accessToken, {})}`);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('refuses a token without iat', async () => {
      const s = await signIn(api, user.username, user.password);
      const token = handcrafted(s.accessToken, {}, { expiresIn: 300, noTimestamp: true });
      expect((await me(api, `Bearer ${token}`)).status).toBe(401);
    });

    it('refuses a token issued in the future, beyond the clock skew', async () => {
      const s = await signIn(api, user.username, user.password);
      const token = handcrafted(
        s.accessToken,
        { iat: Math.floor(Date.now() / 1000) + 3600 },
        { expiresIn: 300 },
      );
      const res = await me(api, `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('refuses an Authorization header with anything after the token', async () => {
      const s = await signIn(api, user.username, user.password);
      expect((await me(api, `Bearer ${s.accessToken}`)).status).toBe(200);
      for (const header of [
        `Bearer ${s.accessToken} junk`,
        `Bearer ${s.accessToken} ${s.accessToken}`,
        `Bearer ${s.accessToken}\tx`,
        `Basic ${s.accessToken}`,
      ]) {
        const res = await me(api, header);
        expect({ header: header.slice(0, 7), status: res.status }).toEqual({
          header: header.slice(0, 7),
          status: 401,
        });
      }
    });
  });

  describe('refresh', () => {
    it('answers five concurrent refreshes of one token (a double submit) without ending the session', async () => {
      const s = await signIn(api, user.username, user.password);
      const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(api, s.refreshToken)));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(await sessionRevoked(s.refreshToken)).toBeNull();
      for (const a of answers) {
        expect((await me(api, `Bearer ${a.body.accessToken}`)).status).toBe(200);
      }
      // Whichever answer the client kept, it refreshes on.
      const next = await refresh(api, answers[4]!.body.refreshToken);
      expect(next.status).toBe(200);
      expect((await me(api, `Bearer ${next.body.accessToken}`)).status).toBe(200);
    });

    it('revokes the session when another client presents the spent token, even within the window', async () => {
      const s = await signIn(api, user.username, user.password);
      const first = await refresh(api, s.refreshToken, { 'user-agent': 'haven-app/1.0' });
      expect(first.status).toBe(200);
      const thief = await refresh(api, s.refreshToken, { 'user-agent': 'curl/8.0' });
      expect(thief.status).toBe(401);
      expect(thief.body).toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
      expect(await sessionRevoked(s.refreshToken)).toBe('refresh_token_reuse');
      expect((await me(api, `Bearer ${first.body.accessToken}`)).status).toBe(401);
    });

    describe('with a one-second window', () => {
      let shortWindow: RunningApi;

      beforeAll(async () => {
        shortWindow = await startApi(
          testEnv(db.url, {
            AUTH_LOGIN_LIMIT_PER_IP: '1000',
            AUTH_LOGIN_LIMIT_PER_USER: '1000',
            REFRESH_GRACE_SECONDS: '1',
          }),
        );
      });
      afterAll(async () => {
        await shortWindow?.close();
      });

      it('revokes the whole session when the spent token comes back after the window', async () => {
        const s = await signIn(shortWindow, user.username, user.password);
        const first = await refresh(shortWindow, s.refreshToken);
        expect(first.status).toBe(200);
        await eventually(
          () =>
            db.query<{ past: boolean }>(
              `SELECT used_at < now() - interval '1 second' AS past FROM refresh_tokens
                WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
              [s.refreshToken],
            ),
          (rows) => rows[0]?.past === true,
          { what: 'the grace window to pass' },
        );
        const reuse = await refresh(shortWindow, s.refreshToken);
        expect(reuse.status).toBe(401);
        expect(await sessionRevoked(s.refreshToken)).toBe('refresh_token_reuse');
        expect((await me(shortWindow, `Bearer ${first.body.accessToken}`)).status).toBe(401);
        expect((await refresh(shortWindow, first.body.refreshToken)).status).toBe(401);
      });
    });
  });
});
