import { startApi, testEnv, RunningApi } from '../support/app';
import { call, createUser, signIn, TestUser } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';

describe('account lockout after failed sign-ins (kept in PostgreSQL)', () => {
  let db: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(
      testEnv(db.url, {
        AUTH_LOCKOUT_MINUTES: '7',
        AUTH_LOGIN_LIMIT_PER_IP: '1000',
        AUTH_LOGIN_LIMIT_PER_USER: '1000',
      }),
    );
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const attempt = (user: TestUser, password: string) =>
    call<{ code?: string }>(api, 'POST', '/api/v1/auth/login', {
      body: { username: user.username, password },
    });
  const stateOf = async (user: TestUser) =>
    (
      await db.query<{ failed_logins: number; locked_minutes: number | null }>(
        `SELECT failed_logins, round(extract(epoch FROM locked_until - now()) / 60)::int AS locked_minutes
           FROM users WHERE id = $1`,
        [user.id],
      )
    )[0]!;

  it('locks the account on the fifth failure for AUTH_LOCKOUT_MINUTES; then 423 even with the right password', async () => {
    const user = await createUser(db, { roles: ['counsellor'] });
    for (let i = 1; i <= 5; i++) {
      const res = await attempt(user, `wrong password number ${i}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    }
    expect((await stateOf(user)).locked_minutes).toBe(7);
    const right = await attempt(user, user.password);
    expect(right.status).toBe(423);
    expect(right.body.code).toBe('ACCOUNT_LOCKED');
    const wrong = await attempt(user, 'yet another wrong one');
    expect(wrong.status).toBe(423);
    const audit = await db.query<{ action: string; outcome: string; reason_code: string }>(
      `SELECT action, outcome, reason_code FROM audit_events WHERE actor_id = $1 ORDER BY id`,
      [user.id],
    );
    expect(audit.filter((a) => a.action === 'auth.login' && a.reason_code === 'bad_password')).toHaveLength(
      5,
    );
    expect(audit).toContainEqual({
      action: 'auth.lockout',
      outcome: 'denied',
      reason_code: 'too_many_failed_sign_ins',
    });
    expect(audit.filter((a) => a.reason_code === 'account_locked')).toHaveLength(2);
  });

  it('counts concurrent wrong passwords atomically: nine at once leave the count at nine, only five are tried', async () => {
    const user = await createUser(db, { roles: ['counsellor'] });
    const answers = await Promise.all(
      Array.from({ length: 9 }, (_, i) => attempt(user, `concurrent wrong password ${i}`)),
    );
    const statuses = answers.map((a) => a.status).sort();
    // The count is taken before the password is checked, so the attempts past the threshold are refused
    // as locked without their password ever being tried.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 423, 423, 423, 423]);
    expect(await stateOf(user)).toEqual({ failed_logins: 9, locked_minutes: 7 });
    const audit = await db.query<{ action: string; reason_code: string }>(
      `SELECT action, reason_code FROM audit_events WHERE actor_id = $1`,
      [user.id],
    );
    expect(audit.filter((a) => a.reason_code === 'bad_password')).toHaveLength(5);
    expect(audit.filter((a) => a.action === 'auth.lockout')).toHaveLength(1);
    // The right password sent together after the threshold is refused, every time.
    const right = await Promise.all(Array.from({ length: 3 }, () => attempt(user, user.password)));
    expect(right.map((r) => r.status)).toEqual([423, 423, 423]);
    expect((await stateOf(user)).failed_logins).toBe(12);
  });

  it('does not count a sign-in refused only for its missing second factor', async () => {
    const user = await createUser(api, { roles: ['counsellor'], mfa: true });
    for (let i = 0; i < 6; i++) {
      const res = await attempt(user, user.password);
      expect(res.body.code).toBe('MFA_REQUIRED');
    }
    expect(await stateOf(user)).toEqual({ failed_logins: 0, locked_minutes: null });
  });

  it('ends the lock by itself when its time is up, with a fresh count of attempts', async () => {
    const user = await createUser(db, { roles: ['counsellor'] });
    for (let i = 0; i < 5; i++) await attempt(user, 'wrong password here');
    expect((await attempt(user, user.password)).status).toBe(423);
    await db.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE id = $1`, [user.id]);
    const s = await signIn(api, user.username, user.password);
    expect(s.user.id).toBe(user.id);
    expect(await stateOf(user)).toEqual({ failed_logins: 0, locked_minutes: null });
  });

  it('counts failures in a row: a successful sign-in starts the count again', async () => {
    const user = await createUser(db, { roles: ['supervisor'] });
    for (let i = 0; i < 4; i++) await attempt(user, 'wrong password here');
    expect((await stateOf(user)).failed_logins).toBe(4);
    await signIn(api, user.username, user.password);
    for (let i = 0; i < 4; i++) expect((await attempt(user, 'wrong password here')).status).toBe(401);
    expect((await attempt(user, user.password)).status).toBe(200);
  });

  it('never locks or reveals a username that does not exist', async () => {
    for (let i = 0; i < 7; i++) {
      const res = await call<{ code: string }>(api, 'POST', '/api/v1/auth/login', {
        body: { username: 'khong.ton.tai', password: `wrong password ${i}` },
      });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    }
  });

  it('holds the lock across API processes: another instance refuses too', async () => {
    const user = await createUser(db, { roles: ['counsellor'] });
    for (let i = 0; i < 5; i++) await attempt(user, 'wrong password here');
    const other = await startApi(testEnv(db.url));
    try {
      const res = await call<{ code: string }>(other, 'POST', '/api/v1/auth/login', {
        body: { username: user.username, password: user.password },
      });
      expect(res.status).toBe(423);
    } finally {
      await other.close();
    }
  });
});
