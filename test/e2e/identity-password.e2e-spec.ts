import { startApi, testEnv, RunningApi } from '../support/app';
import { call, createUser, signIn } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';

const NEW_PASSWORD = 'một câu dài dễ nhớ 2026';

describe('changing one’s own password', () => {
  let db: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url));
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('needs the current password, ends every other session, and keeps this one', async () => {
    const user = await createUser(db, { roles: ['counsellor'] });
    const here = await signIn(api, user.username, user.password);
    const elsewhere = await signIn(api, user.username, user.password);

    const res = await call(api, 'POST', '/api/v1/auth/password', {
      token: here.accessToken,
      body: { currentPassword: user.password, newPassword: NEW_PASSWORD },
    });
    expect(res.status).toBe(204);
    expect((await call(api, 'GET', '/api/v1/auth/me', { token: here.accessToken })).status).toBe(200);
    expect((await call(api, 'GET', '/api/v1/auth/me', { token: elsewhere.accessToken })).status).toBe(401);
    expect(
      (
        await call(api, 'POST', '/api/v1/auth/login', {
          body: { username: user.username, password: user.password },
        })
      ).status,
    ).toBe(401);
    expect((await signIn(api, user.username, NEW_PASSWORD)).accessToken).toBeTruthy();
    const [audit] = await db.query<{ reason_code: string }>(
      `SELECT reason_code FROM audit_events WHERE action = 'user.password_changed' AND entity_id = $1`,
      [user.id],
    );
    expect(audit?.reason_code).toBe('other_sessions_ended:1');
  });

  it('refuses a wrong current password with 403 without counting it towards the account lockout', async () => {
    const user = await createUser(db, { roles: ['counsellor'] });
    const session = await signIn(api, user.username, user.password);
    const res = await call<{ code: string; details: { field: string }[] }>(
      api,
      'POST',
      '/api/v1/auth/password',
      {
        token: session.accessToken,
        body: { currentPassword: 'not the password at all', newPassword: NEW_PASSWORD },
      },
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CURRENT_PASSWORD_INCORRECT');
    const [row] = await db.query<{ failed_logins: number }>(`SELECT failed_logins FROM users WHERE id = $1`, [
      user.id,
    ]);
    expect(row?.failed_logins).toBe(0);
  });

  it('ends a session that keeps guessing the current password, but never locks the account', async () => {
    const user = await createUser(db, { roles: ['counsellor'] });
    const stolen = await signIn(api, user.username, user.password);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (
          await call(api, 'POST', '/api/v1/auth/password', {
            token: stolen.accessToken,
            body: { currentPassword: `guess number ${i}`, newPassword: NEW_PASSWORD },
          })
        ).status,
      );
    }
    // Five wrong guesses are answered; the fifth ends the session, so the sixth is not even heard.
    expect(statuses).toEqual([403, 403, 403, 403, 403, 401]);
    const [row] = await db.query<{ failed_logins: number; locked: boolean }>(
      `SELECT failed_logins, locked_until IS NOT NULL AS locked FROM users WHERE id = $1`,
      [user.id],
    );
    expect(row).toEqual({ failed_logins: 0, locked: false });
    const [session] = await db.query<{ revoked_reason: string }>(
      `SELECT revoked_reason FROM sessions WHERE user_id = $1`,
      [user.id],
    );
    expect(session?.revoked_reason).toBe('password_change_failures');
    // The rightful owner still signs in.
    expect((await signIn(api, user.username, user.password)).accessToken).toBeTruthy();
  });

  it('refuses a weak or unchanged new password, saying why, and changes nothing', async () => {
    const user = await createUser(db, { roles: ['counsellor'] });
    const session = await signIn(api, user.username, user.password);
    const weak = await call<{ code: string }>(api, 'POST', '/api/v1/auth/password', {
      token: session.accessToken,
      body: { currentPassword: user.password, newPassword: 'short' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('PASSWORD_TOO_SHORT');
    const same = await call<{ code: string }>(api, 'POST', '/api/v1/auth/password', {
      token: session.accessToken,
      body: { currentPassword: user.password, newPassword: user.password },
    });
    expect(same.status).toBe(400);
    expect(same.body.code).toBe('PASSWORD_UNCHANGED');
    expect((await signIn(api, user.username, user.password)).accessToken).toBeTruthy();
    expect(api.logs()).not.toContain(user.password);
  });
});
