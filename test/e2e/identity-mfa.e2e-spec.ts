import { startApi, testEnv, RunningApi } from '../support/app';
import { call, createUser, signIn, signInAs, SignInError, totpCode } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';

const secretOf = (otpauthUrl: string): string => new URL(otpauthUrl).searchParams.get('secret') ?? '';

describe('the second factor (TOTP)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  describe('when it is not required (development and tests by default)', () => {
    let api: RunningApi;

    beforeAll(async () => {
      api = await startApi(
        testEnv(db.url, { AUTH_LOGIN_LIMIT_PER_USER: '1000', AUTH_LOGIN_LIMIT_PER_IP: '1000' }),
      );
    });
    afterAll(async () => {
      await api?.close();
    });

    it('lets an admin without it work', async () => {
      const admin = await createUser(db, { roles: ['admin'] });
      const s = await signInAs(api, admin);
      expect((await call(api, 'GET', '/api/v1/users', { token: s.accessToken })).status).toBe(200);
      const me = await call(api, 'GET', '/api/v1/auth/me', { token: s.accessToken });
      expect(me.body).toMatchObject({ mfaEnabled: false, mfaVerified: false, mfaRequired: false });
    });

    it('sets it up with a code from the app; the secret is kept encrypted', async () => {
      const user = await createUser(db, { roles: ['counsellor'] });
      const s = await signInAs(api, user);
      const setup = await call<{ otpauthUrl: string }>(api, 'POST', '/api/v1/auth/mfa/setup', {
        token: s.accessToken,
      });
      expect(setup.status).toBe(200);
      expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Haven:.+\?secret=[A-Z2-7]{32}&issuer=Haven/);
      const secret = secretOf(setup.body.otpauthUrl);
      const [pending] = await db.query<{ mfa_pending_secret_enc: string; mfa_enabled: boolean }>(
        `SELECT mfa_pending_secret_enc, mfa_enabled FROM users WHERE id = $1`,
        [user.id],
      );
      expect(pending?.mfa_enabled).toBe(false);
      expect(pending?.mfa_pending_secret_enc).toMatch(/^v1\./);
      expect(pending?.mfa_pending_secret_enc).not.toContain(secret);

      const wrong = await call(api, 'POST', '/api/v1/auth/mfa/enable', {
        token: s.accessToken,
        body: { totp: totpCode(secret, 5) },
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toMatchObject({ code: 'MFA_CODE_INVALID' });

      const ok = await call(api, 'POST', '/api/v1/auth/mfa/enable', {
        token: s.accessToken,
        body: { totp: totpCode(secret) },
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ mfaEnabled: true });
      const [row] = await db.query<{
        mfa_enabled: boolean;
        mfa_secret_enc: string;
        mfa_pending_secret_enc: string | null;
      }>(`SELECT mfa_enabled, mfa_secret_enc, mfa_pending_secret_enc FROM users WHERE id = $1`, [user.id]);
      expect(row).toMatchObject({ mfa_enabled: true, mfa_pending_secret_enc: null });
      expect(row?.mfa_secret_enc).not.toContain(secret);
      const again = await call(api, 'POST', '/api/v1/auth/mfa/setup', { token: s.accessToken });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'MFA_ALREADY_ENABLED' });

      // From now on, signing in takes the code; each code once.
      await expect(signIn(api, user.username, user.password)).rejects.toEqual(
        new SignInError(401, 'MFA_REQUIRED'),
      );
      await expect(signIn(api, user.username, user.password, '000000')).rejects.toEqual(
        new SignInError(401, 'MFA_REQUIRED'),
      );
      const code = totpCode(secret, 1);
      const signed = await signIn(api, user.username, user.password, code);
      expect(signed.user.id).toBe(user.id);
      await expect(signIn(api, user.username, user.password, code)).rejects.toEqual(
        new SignInError(401, 'MFA_REQUIRED'),
      );
      const me = await call(api, 'GET', '/api/v1/auth/me', { token: signed.accessToken });
      expect(me.body).toMatchObject({ mfaEnabled: true, mfaVerified: true });
    });

    it('refuses to confirm before a setup was started', async () => {
      const user = await createUser(db, { roles: ['supervisor'] });
      const s = await signInAs(api, user);
      const res = await call(api, 'POST', '/api/v1/auth/mfa/enable', {
        token: s.accessToken,
        body: { totp: '123456' },
      });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'MFA_SETUP_NOT_STARTED' });
    });

    it('counts wrong codes as failed sign-ins towards the lockout', async () => {
      const user = await createUser(api, { roles: ['counsellor'], mfa: true });
      for (let i = 0; i < 5; i++) {
        await expect(signIn(api, user.username, user.password, '000000')).rejects.toEqual(
          new SignInError(401, 'MFA_REQUIRED'),
        );
      }
      await expect(signIn(api, user.username, user.password, totpCode(user.totpSecret!))).rejects.toEqual(
        new SignInError(423, 'ACCOUNT_LOCKED'),
      );
    });
  });

  describe('when AUTH_MFA_REQUIRED=true', () => {
    let api: RunningApi;

    beforeAll(async () => {
      api = await startApi(
        testEnv(db.url, {
          AUTH_MFA_REQUIRED: 'true',
          AUTH_LOGIN_LIMIT_PER_USER: '1000',
          AUTH_LOGIN_LIMIT_PER_IP: '1000',
        }),
      );
    });
    afterAll(async () => {
      await api?.close();
    });

    it('lets an admin without it sign in only to set it up, then opens the session', async () => {
      const admin = await createUser(db, { roles: ['admin'] });
      const s = await signInAs(api, admin);
      const blocked = await call(api, 'GET', '/api/v1/users', { token: s.accessToken });
      expect(blocked.status).toBe(403);
      expect(blocked.body).toMatchObject({ code: 'MFA_SETUP_REQUIRED' });
      const me = await call(api, 'GET', '/api/v1/auth/me', { token: s.accessToken });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ mfaEnabled: false, mfaVerified: false, mfaRequired: true });

      const setup = await call<{ otpauthUrl: string }>(api, 'POST', '/api/v1/auth/mfa/setup', {
        token: s.accessToken,
      });
      const enable = await call(api, 'POST', '/api/v1/auth/mfa/enable', {
        token: s.accessToken,
        body: { totp: totpCode(secretOf(setup.body.otpauthUrl)) },
      });
      expect(enable.status).toBe(200);
      expect((await call(api, 'GET', '/api/v1/users', { token: s.accessToken })).status).toBe(200);
    });

    it('requires it of every role that reads personal data, not of the centre manager', async () => {
      const counsellor = await createUser(db, { roles: ['counsellor'] });
      const manager = await createUser(db, { roles: ['centre_manager'] });
      const c = await signInAs(api, counsellor);
      const m = await signInAs(api, manager);
      expect((await call(api, 'GET', '/api/v1/users', { token: c.accessToken })).body).toMatchObject({
        code: 'MFA_SETUP_REQUIRED',
      });
      // Past the second-factor check, the manager meets the role check instead.
      expect((await call(api, 'GET', '/api/v1/users', { token: m.accessToken })).body).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect((await call(api, 'GET', '/api/v1/auth/me', { token: m.accessToken })).body).toMatchObject({
        mfaRequired: false,
      });
    });

    it('signs in an admin who has it with the code, and refuses without', async () => {
      const admin = await createUser(api, { roles: ['admin'], mfa: true });
      await expect(signIn(api, admin.username, admin.password)).rejects.toEqual(
        new SignInError(401, 'MFA_REQUIRED'),
      );
      const s = await signInAs(api, admin);
      expect((await call(api, 'GET', '/api/v1/users', { token: s.accessToken })).status).toBe(200);
    });

    it('asks a session that did not present the factor to sign in again when the user has it', async () => {
      const admin = await createUser(api, { roles: ['admin'], mfa: true });
      const s = await signInAs(api, admin);
      await db.query(`UPDATE sessions SET mfa_verified = false WHERE user_id = $1`, [admin.id]);
      const res = await call(api, 'GET', '/api/v1/users', { token: s.accessToken });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'MFA_REAUTHENTICATION_REQUIRED' });
    });

    it('keeps secrets, passwords and tokens out of the logs', async () => {
      const admin = await createUser(api, { roles: ['admin'], mfa: true });
      const code = totpCode(admin.totpSecret!);
      const s = await signIn(api, admin.username, admin.password, code);
      const logs = api.logs();
      for (const secret of [admin.totpSecret!, admin.password, s.accessToken, s.refreshToken])
        expect(logs).not.toContain(secret);
    });
  });
});
