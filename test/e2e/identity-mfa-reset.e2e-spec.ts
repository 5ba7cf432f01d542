import { startApi, testEnv, RunningApi } from '../support/app';
import { call, createUser, signIn, SignInError, signInAs, TestUser, totpCode } from '../support/auth';
import { ROLE_NAMES } from '../factories/identity';
import { createTestDatabase, TestDatabase } from '../support/database';
import type { ErrorBody } from '../support/error-body';

interface MfaRow {
  mfa_enabled: boolean;
  mfa_secret_enc: string | null;
  mfa_pending_secret_enc: string | null;
  mfa_last_step: string | null;
  version: number;
}

const secretOf = (otpauthUrl: string): string => new URL(otpauthUrl).searchParams.get('secret') ?? '';

/**
 * An admin takes away the second factor of a user who lost their phone. The API runs with
 * AUTH_MFA_REQUIRED=true, as in production: the user must set the factor up again at the next sign-in.
 */
describe('resetting the second factor of a user (lost phone)', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let admin: TestUser;
  let adminToken: string;
  let admin2: TestUser;
  let admin2Token: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(
      testEnv(db.url, {
        AUTH_MFA_REQUIRED: 'true',
        AUTH_LOGIN_LIMIT_PER_USER: '1000',
        AUTH_LOGIN_LIMIT_PER_IP: '10000',
      }),
    );
    admin = await createUser(api, { roles: ['admin'], mfa: true });
    adminToken = (await signInAs(api, admin)).accessToken;
    // The users here belong to organisations without supervisors: a second admin confirms (issue 12).
    admin2 = await createUser(api, { roles: ['admin'], mfa: true });
    admin2Token = (await signInAs(api, admin2)).accessToken;
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  /** The admin asks; with no other token given, the second admin confirms at once. */
  const reset = async (userId: string, token?: string) => {
    const asked = await call<ErrorBody & { id: string }>(api, 'POST', `/api/v1/users/${userId}/reset-mfa`, {
      token: token ?? adminToken,
    });
    if (token !== undefined || asked.status !== 202) return asked;
    expect(asked.body).toMatchObject({ kind: 'reset_mfa', status: 'pending' });
    return call<ErrorBody & { temporaryPassword: string | null }>(
      api,
      'POST',
      `/api/v1/account-changes/${asked.body.id}/confirm`,
      { token: admin2Token },
    );
  };
  const mfaOf = async (userId: string): Promise<MfaRow> =>
    (
      await db.query<MfaRow>(
        `SELECT mfa_enabled, mfa_secret_enc, mfa_pending_secret_enc, mfa_last_step, version
           FROM users WHERE id = $1`,
        [userId],
      )
    )[0]!;

  it('clears the factor, ends every session at once, is audited, and the user sets it up again', async () => {
    const user = await createUser(api, { roles: ['counsellor'], mfa: true });
    const first = await signIn(api, user.username, user.password, totpCode(user.totpSecret!));
    const second = await signIn(api, user.username, user.password, totpCode(user.totpSecret!, 1));
    // A setup left half-way is cleared too.
    await db.query(`UPDATE users SET mfa_pending_secret_enc = 'v1.t1.pending.left-over' WHERE id = $1`, [
      user.id,
    ]);
    const before = await mfaOf(user.id);
    expect(before).toMatchObject({ mfa_enabled: true, mfa_last_step: expect.any(String) as string });

    const res = await reset(user.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'reset_mfa', status: 'confirmed', temporaryPassword: null });

    expect(await mfaOf(user.id)).toEqual({
      mfa_enabled: false,
      mfa_secret_enc: null,
      mfa_pending_secret_enc: null,
      mfa_last_step: null,
      version: before.version + 1,
    });
    for (const s of [first, second]) {
      expect((await call(api, 'GET', '/api/v1/auth/me', { token: s.accessToken })).status).toBe(401);
      expect(
        (await call(api, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: s.refreshToken } })).status,
      ).toBe(401);
    }
    const sessions = await db.query<{ revoked_reason: string | null }>(
      `SELECT revoked_reason FROM sessions WHERE user_id = $1`,
      [user.id],
    );
    expect(sessions.map((x) => x.revoked_reason)).toEqual(['mfa_reset', 'mfa_reset']);
    const audit = await db.query<{ action: string; actor_id: string; reason_code: string }>(
      `SELECT action, actor_id, reason_code FROM audit_events WHERE entity_id = $1 AND action LIKE 'user.%'
        ORDER BY id`,
      [user.id],
    );
    const change = expect.stringMatching(/;change:[0-9a-f-]{36}$/) as string;
    expect(audit).toEqual([
      {
        action: 'user.account_change_requested',
        actor_id: admin.id,
        reason_code: expect.stringMatching(/^reset_mfa;change:/) as string,
      },
      {
        action: 'user.mfa_reset',
        actor_id: admin2.id,
        reason_code: expect.stringMatching(/^was_enabled;sessions_ended:2;change:/) as string,
      },
      { action: 'user.account_change_confirmed', actor_id: admin2.id, reason_code: change },
    ]);

    // The next sign-in takes the password alone, and leads to setting the factor up again.
    const next = await signIn(api, user.username, user.password);
    const blocked = await call<ErrorBody>(api, 'GET', '/api/v1/notifications', { token: next.accessToken });
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('MFA_SETUP_REQUIRED');
    const me = await call(api, 'GET', '/api/v1/auth/me', { token: next.accessToken });
    expect(me.body).toMatchObject({ mfaEnabled: false, mfaVerified: false, mfaRequired: true });
    const setup = await call<{ otpauthUrl: string }>(api, 'POST', '/api/v1/auth/mfa/setup', {
      token: next.accessToken,
    });
    expect(setup.status).toBe(200);
    const fresh = secretOf(setup.body.otpauthUrl);
    expect(fresh).not.toBe(user.totpSecret);
    const enable = await call(api, 'POST', '/api/v1/auth/mfa/enable', {
      token: next.accessToken,
      body: { totp: totpCode(fresh) },
    });
    expect(enable.status).toBe(200);
    expect((await call(api, 'GET', '/api/v1/notifications', { token: next.accessToken })).status).toBe(200);
    // The lost phone's codes open nothing any more; the new app's do.
    await expect(signIn(api, user.username, user.password, totpCode(user.totpSecret!, 1))).rejects.toEqual(
      new SignInError(401, 'MFA_REQUIRED'),
    );
    expect((await signIn(api, user.username, user.password, totpCode(fresh, 1))).user.id).toBe(user.id);
  });

  it('resets a user who has no second factor yet: sessions end all the same', async () => {
    const user = await createUser(api, { roles: ['centre_manager'] });
    const s = await signInAs(api, user);
    expect((await reset(user.id)).status).toBe(200);
    expect((await call(api, 'GET', '/api/v1/auth/me', { token: s.accessToken })).status).toBe(401);
    const [audit] = await db.query<{ reason_code: string }>(
      `SELECT reason_code FROM audit_events WHERE entity_id = $1 AND action = 'user.mfa_reset'`,
      [user.id],
    );
    expect(audit?.reason_code).toMatch(/^was_not_enabled;sessions_ended:1;change:/);
  });

  it('lets an admin reset the second factor of another admin', async () => {
    const other = await createUser(api, { roles: ['admin'], mfa: true });
    expect((await reset(other.id)).status).toBe(200);
    expect((await mfaOf(other.id)).mfa_enabled).toBe(false);
  });

  it('refuses an admin resetting their own second factor (403), and changes nothing', async () => {
    const before = await mfaOf(admin.id);
    const res = await reset(admin.id);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('SELF_MFA_RESET_FORBIDDEN');
    expect(res.body.message).toContain('quản trị viên khác');
    expect(await mfaOf(admin.id)).toEqual(before);
    expect((await call(api, 'GET', '/api/v1/users', { token: adminToken })).status).toBe(200);
    const english = await call<ErrorBody>(api, 'POST', `/api/v1/users/${admin.id}/reset-mfa`, {
      token: adminToken,
      headers: { 'accept-language': 'en' },
    });
    expect(english.body.message).toBe(
      'You cannot reset your own two-step sign-in; ask another administrator.',
    );
  });

  it('answers 404 for a user that does not exist', async () => {
    const res = await reset('00000000-0000-4000-8000-000000000009');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('USER_NOT_FOUND');
  });

  it('keeps it to admins: every other role 403, anonymous 401, and the factor stays', async () => {
    const target = await createUser(api, { roles: ['counsellor'], mfa: true });
    for (const role of ROLE_NAMES.filter((r) => r !== 'admin')) {
      const caller = await createUser(api, { roles: [role], mfa: true });
      const res = await reset(target.id, (await signInAs(api, caller)).accessToken);
      expect([role, res.status, res.body.code]).toEqual([role, 403, 'FORBIDDEN']);
    }
    const anonymous = await call<ErrorBody>(api, 'POST', `/api/v1/users/${target.id}/reset-mfa`);
    expect(anonymous.status).toBe(401);
    expect((await mfaOf(target.id)).mfa_enabled).toBe(true);
  });
});
