import fc from 'fast-check';
import { eventually, RunningApi, RunningWorker, startApi, startWorker, testEnv } from '../support/app';
import {
  call,
  createOrganization,
  createUser,
  MANY_SIGN_INS,
  signIn,
  SignInError,
  signInAs,
  TestOrganization,
  TestUser,
} from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { intakePayload } from '../factories/cases';
import type { ErrorBody } from '../support/error-body';

interface Pending {
  id: string;
  kind: string;
  status: string;
}
interface UserAnswer {
  id: string;
  roles: string[];
  email: string | null;
  pendingChanges?: Pending[];
}
interface Confirmed extends Pending {
  temporaryPassword: string | null;
}

const CHOSEN = 'Mật khẩu quản trị viên chọn 2026!';
const MINIMUM_CASE = intakePayload();

/**
 * Issue 12, Security 1: an administrator cannot take over an account that reads cases. Giving a
 * case-reading role, resetting a password or the second factor and a case-reading user's new e-mail
 * wait for a supervisor (else the parent organisation's, else another admin); a temporary password goes
 * to the confirmer only, and its holder can do nothing but set her own.
 */
describe('account changes a supervisor confirms', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let worker: RunningWorker;
  let parent: TestOrganization;
  let orgA: TestOrganization;
  let adminOrg: TestOrganization;
  let admin: TestUser;
  let admin2: TestUser;
  let supervisorA: TestUser;
  let supervisorA2: TestUser;
  let supervisorParent: TestUser;
  let counsellor: TestUser;
  let caseId: string;
  const answers: unknown[] = [];
  const temporaries: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db.url, {
      ...MANY_SIGN_INS,
      AUTH_LOGIN_LIMIT_PER_USER: '1000',
      NOTIFY_EXTERNAL: 'none',
    });
    api = await startApi(env);
    worker = await startWorker(env);
    parent = await createOrganization(db, { name: 'Sở thử' });
    orgA = await createOrganization(db, { name: 'Trung tâm thử A', parentId: parent.id });
    adminOrg = await createOrganization(db, { name: 'Phòng quản trị thử' });
    admin = await createUser(db, { roles: ['admin'], organizationId: adminOrg.id });
    admin2 = await createUser(db, { roles: ['admin'], organizationId: adminOrg.id });
    supervisorA = await createUser(db, { roles: ['supervisor'], organizationId: orgA.id });
    supervisorA2 = await createUser(db, { roles: ['supervisor'], organizationId: orgA.id });
    supervisorParent = await createUser(db, { roles: ['supervisor'], organizationId: parent.id });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    // A case of organisation A, assigned to the counsellor: what a taken-over account would read.
    const sv = (await signInAs(api, supervisorA)).accessToken;
    const opened = await call<{ id: string }>(api, 'POST', '/api/v1/cases', {
      token: sv,
      body: MINIMUM_CASE,
    });
    expect(opened.status).toBe(201);
    caseId = opened.body.id;
    await db.query(`UPDATE cases SET assignee_id = $1 WHERE id = $2`, [counsellor.id, caseId]);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.drop();
  });

  const as = async (user: TestUser) => (await signInAs(api, user)).accessToken;
  const adminCall = async <T>(method: string, path: string, body?: unknown) => {
    const res = await call<T>(api, method, path, { token: await as(admin), body });
    answers.push(res.body);
    return res;
  };
  const confirm = async (user: TestUser, id: string) => {
    const res = await call<Confirmed & ErrorBody>(api, 'POST', `/api/v1/account-changes/${id}/confirm`, {
      token: await as(user),
    });
    if (res.body.temporaryPassword) temporaries.push(res.body.temporaryPassword);
    return res;
  };
  const readCase = (token: string, id = caseId) =>
    call<ErrorBody>(api, 'GET', `/api/v1/cases/${id}`, { token });
  const pendingOf = (res: { body: unknown }): Pending => {
    const body = res.body as Pending & UserAnswer;
    return body.pendingChanges ? body.pendingChanges[0]! : body;
  };
  /** Every way the admin could sign in as this user with what the admin knows. */
  const adminCanSignInAs = async (username: string): Promise<string | undefined> => {
    try {
      return (await signIn(api, username, CHOSEN)).accessToken;
    } catch (e) {
      if (e instanceof SignInError) return undefined;
      throw e;
    }
  };

  it('the admin, by any admin call alone, obtains no token that reads a case', async () => {
    // A new account with a case-reading role and a password the admin chose: made without the role.
    const created = await adminCall<UserAnswer>('POST', '/api/v1/users', {
      username: 'tiep.quan.1',
      displayName: 'Tài khoản thử',
      password: CHOSEN,
      roles: ['counsellor'],
      organizationId: orgA.id,
    });
    expect(created.status).toBe(202);
    expect(created.body.roles).toEqual([]);
    expect(created.body.pendingChanges).toEqual([
      { id: expect.any(String) as string, kind: 'create_user', status: 'pending' },
    ]);
    const x = created.body.id;
    // Adding roles, an e-mail, resets of every kind, on the new account and on the counsellor.
    expect(
      (await adminCall('PATCH', `/api/v1/users/${x}`, { roles: ['counsellor', 'supervisor'] })).status,
    ).toBe(202);
    expect((await adminCall('PATCH', `/api/v1/users/${x}`, { email: 'admin@haven.test' })).status).toBe(200);
    expect(
      (await adminCall('PATCH', `/api/v1/users/${counsellor.id}`, { email: 'admin@haven.test' })).status,
    ).toBe(202);
    for (const id of [x, counsellor.id]) {
      expect((await adminCall('POST', `/api/v1/users/${id}/reset-password`, {})).status).toBe(202);
      expect((await adminCall('POST', `/api/v1/users/${id}/reset-mfa`)).status).toBe(202);
      const chosen = await adminCall<ErrorBody>('POST', `/api/v1/users/${id}/reset-password`, {
        password: CHOSEN,
      });
      expect(chosen.status).toBe(400);
      expect(chosen.body.code).toBe('PASSWORD_SET_BY_USER_ONLY');
    }
    // The admin may not confirm her own requests.
    const mine = await call<{ items: Pending[] }>(api, 'GET', '/api/v1/account-changes', {
      token: await as(admin),
    });
    expect(mine.body.items).toEqual([]);
    const pending = await db.query<{ id: string }>(`SELECT id FROM account_changes WHERE status = 'pending'`);
    expect(pending.length).toBeGreaterThanOrEqual(6);
    for (const p of pending) {
      const res = await confirm(admin, p.id);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ACCOUNT_CHANGE_OWN_FORBIDDEN');
    }
    // Whatever the admin can sign in as reads no case; the counsellor's file stays closed to her.
    const tokens = [await adminCanSignInAs('tiep.quan.1'), await adminCanSignInAs(counsellor.username)];
    expect(tokens[1]).toBeUndefined();
    for (const token of tokens.filter((t): t is string => t !== undefined)) {
      expect((await readCase(token)).status).not.toBe(200);
    }
    // And no answer to the admin holds a secret.
    expect(JSON.stringify(answers)).not.toMatch(/temporaryPassword/);
    // The counsellor, untouched, still reads her case.
    expect((await readCase(await as(counsellor))).status).toBe(200);
  });

  it('property: no sequence of calls by one admin, and of the accounts she can sign in as, reads a case', async () => {
    const roleSets = [
      ['counsellor'],
      ['supervisor'],
      ['admin'],
      ['admin', 'centre_manager'],
      ['centre_manager'],
      ['hotline_operator', 'counsellor'],
      ['provider_staff'],
      [],
    ];
    const step = fc.oneof(
      fc.record({
        op: fc.constant('create' as const),
        roles: fc.nat(roleSets.length - 1),
        lone: fc.boolean(),
      }),
      fc.record({ op: fc.constant('roles' as const), target: fc.nat(), roles: fc.nat(roleSets.length - 1) }),
      fc.record({ op: fc.constant('move' as const), target: fc.nat(), lone: fc.boolean() }),
      fc.record({
        op: fc.constantFrom('email' as const, 'reset-password' as const, 'reset-mfa' as const),
        target: fc.nat(),
      }),
      fc.record({ op: fc.constant('confirm-all' as const) }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        run++;
        // An organisation with no supervisor anywhere above it, a counsellor and her case; the attacker
        // is a new admin of an organisation without supervisors either: every fallback is in play.
        const lone = await createOrganization(db, { name: `Tổ chức lẻ ${run}.${Date.now()}` });
        const home = await createOrganization(db, { name: `Phòng quản trị ${run}.${Date.now()}` });
        const victim = await createUser(db, { roles: ['counsellor'], organizationId: lone.id });
        const opened = await call<{ id: string }>(api, 'POST', '/api/v1/cases', {
          token: await as(victim),
          body: MINIMUM_CASE,
        });
        await db.query(`UPDATE cases SET assignee_id = $1 WHERE id = $2`, [victim.id, opened.body.id]);
        const attacker = await createUser(db, { roles: ['admin'], organizationId: home.id });
        const known = new Map<string, { id: string; password: string }>([
          [attacker.username, { id: attacker.id, password: attacker.password }],
        ]);
        const pool = [victim.id];
        const token = await as(attacker);
        const send = <T>(method: string, path: string, body?: unknown, t = token) =>
          call<T>(api, method, path, { token: t, body });
        /** Every pending change, tried with every account she can sign in as. */
        const confirmEverything = async (): Promise<void> => {
          // Hers only: changes left by other runs' admins would stand for two admins colluding.
          const pending = await db.query<{ id: string; target_user_id: string }>(
            `SELECT id, target_user_id FROM account_changes WHERE status = 'pending' AND requested_by = $1`,
            [attacker.id],
          );
          for (const [username, cred] of known) {
            const t = await signIn(api, username, cred.password).catch(() => undefined);
            if (!t) continue;
            for (const p of pending) {
              const res = await send<Confirmed>(
                'POST',
                `/api/v1/account-changes/${p.id}/confirm`,
                undefined,
                t.accessToken,
              );
              if (res.status === 200)
                throw new Error(`${username} confirmed a change the attacker asked for`);
            }
          }
        };
        let n = 0;
        for (const s of steps) {
          const target = 'target' in s ? pool[s.target % pool.length]! : '';
          if (s.op === 'create') {
            const username = `ke.tan.cong.${run}.${++n}`;
            const res = await send<{ id: string }>('POST', '/api/v1/users', {
              username,
              displayName: 'Tài khoản của kẻ tấn công',
              password: CHOSEN,
              roles: roleSets[s.roles],
              organizationId: s.lone ? lone.id : home.id,
            });
            if (res.status === 201 || res.status === 202) {
              pool.push(res.body.id);
              known.set(username, { id: res.body.id, password: CHOSEN });
            }
          } else if (s.op === 'roles') {
            await send('PATCH', `/api/v1/users/${target}`, { roles: roleSets[s.roles] });
          } else if (s.op === 'move') {
            await send('PATCH', `/api/v1/users/${target}`, { organizationId: s.lone ? lone.id : home.id });
          } else if (s.op === 'email') {
            await send('PATCH', `/api/v1/users/${target}`, { email: `ke.tan.cong.${run}@haven.test` });
          } else if (s.op === 'reset-password' || s.op === 'reset-mfa') {
            await send('POST', `/api/v1/users/${target}/${s.op}`, {});
          } else {
            await confirmEverything();
          }
        }
        await confirmEverything();
        // Whatever she can sign in as tries the case.
        for (const [username, cred] of known) {
          const signedIn = await signIn(api, username, cred.password).catch(() => undefined);
          if (!signedIn) continue;
          const read = await readCase(signedIn.accessToken, opened.body.id);
          expect([username, read.status]).not.toEqual([username, 200]);
        }
        await db.query(`UPDATE account_changes SET status = 'rejected' WHERE status = 'pending'`);
      }),
      { numRuns: 25 },
    );
  });

  it("a supervisor of the user's organisation confirms a reset: the secret is hers to hand over, sessions end, only /auth/password works until the user sets her own", async () => {
    const user = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    await db.query(`UPDATE cases SET assignee_id = $1 WHERE id = $2`, [user.id, caseId]);
    const before = await signInAs(api, user);
    const asked = await adminCall<Pending>('POST', `/api/v1/users/${user.id}/reset-password`);
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({
      id: expect.any(String) as string,
      kind: 'reset_password',
      status: 'pending',
    });
    // Nothing changed yet: she still works.
    expect((await readCase(before.accessToken)).status).toBe(200);

    const listed = await call<{ items: Record<string, unknown>[] }>(api, 'GET', '/api/v1/account-changes', {
      token: await as(supervisorA),
    });
    expect(listed.body.items.map((i) => i.id)).toContain(asked.body.id);
    // Not her parent organisation's supervisor while organisation A has its own.
    expect((await confirm(supervisorParent, asked.body.id)).status).toBe(404);

    const done = await confirm(supervisorA, asked.body.id);
    expect(done.status).toBe(200);
    expect(done.body.temporaryPassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect((await confirm(supervisorA2, asked.body.id)).body.code).toBe('ACCOUNT_CHANGE_NOT_PENDING');
    // Her sessions ended; her old password is gone.
    expect((await readCase(before.accessToken)).status).toBe(401);
    await expect(signInAs(api, user)).rejects.toMatchObject({ status: 401 });

    const temp = done.body.temporaryPassword!;
    const signedIn = await signIn(api, user.username, temp);
    expect(signedIn).toMatchObject({ passwordChangeRequired: true });
    for (const [method, path] of [
      ['GET', `/api/v1/cases/${caseId}`],
      ['GET', '/api/v1/auth/me'],
      ['GET', '/api/v1/notifications'],
      ['POST', '/api/v1/auth/mfa/setup'],
    ] as const) {
      const res = await call<ErrorBody>(api, method, path, { token: signedIn.accessToken });
      expect([res.status, res.body.code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
    }
    const own = 'Mật khẩu riêng của tôi 2026!';
    const changed = await call(api, 'POST', '/api/v1/auth/password', {
      token: signedIn.accessToken,
      body: { currentPassword: temp, newPassword: own },
    });
    expect(changed.status).toBe(204);
    const normal = await signIn(api, user.username, own);
    expect(normal).toMatchObject({ passwordChangeRequired: false });
    expect((await readCase(normal.accessToken)).status).toBe(200);

    // She and her supervisors are told (in-app); the confirmers were told of the request.
    const told = (type: string) =>
      db.query<{ recipient_id: string }>(`SELECT recipient_id FROM notifications WHERE type = $1`, [type]);
    await eventually(
      () => told('account_change_confirmed'),
      (rows) =>
        [user.id, supervisorA.id, supervisorA2.id].every((id) => rows.some((r) => r.recipient_id === id)),
      { what: 'the confirmation to be told' },
    );
    // This request's confirmers are told: her organisation's supervisors, never the admin who asked.
    const toldOfThisRequest = () =>
      db.query<{ recipient_id: string }>(
        `SELECT n.recipient_id FROM notifications n JOIN outbox_events e ON e.id = n.event_id
          WHERE n.type = 'account_change_requested' AND e.payload->>'changeId' = $1`,
        [asked.body.id],
      );
    const requested = await eventually(toldOfThisRequest, (rows) => rows.length >= 2, {
      what: 'the request to be told to the confirmers',
    });
    expect(requested.map((r) => r.recipient_id).sort()).toEqual([supervisorA.id, supervisorA2.id].sort());
  });

  it("falls back to the parent organisation's supervisors, then to another admin; never the user herself", async () => {
    // Organisation Q has no supervisor: its parent's confirms.
    const q = await createOrganization(db, { name: 'Điểm thử Q', parentId: parent.id });
    const inQ = await createUser(api, { roles: ['counsellor'], organizationId: q.id, mfa: true });
    const mfa = pendingOf(await adminCall('POST', `/api/v1/users/${inQ.id}/reset-mfa`));
    expect((await confirm(supervisorA, mfa.id)).status).toBe(404);
    const byParent = await confirm(supervisorParent, mfa.id);
    expect(byParent.status).toBe(200);
    expect(byParent.body.temporaryPassword).toBeNull();
    const [row] = await db.query<{ mfa_enabled: boolean }>(`SELECT mfa_enabled FROM users WHERE id = $1`, [
      inQ.id,
    ]);
    expect(row?.mfa_enabled).toBe(false);

    // A new organisation with no supervisor anywhere above it: a second admin confirms.
    const fresh = await createOrganization(db, { name: 'Tổ chức mới thử' });
    const created = await adminCall<UserAnswer>('POST', '/api/v1/users', {
      username: 'nguoi.moi.1',
      displayName: 'Người mới',
      password: CHOSEN,
      roles: ['supervisor'],
      organizationId: fresh.id,
    });
    expect(created.status).toBe(202);
    const change = created.body.pendingChanges![0]!;
    expect((await confirm(supervisorParent, change.id)).status).toBe(404);
    const byAdmin2 = await confirm(admin2, change.id);
    expect(byAdmin2.status).toBe(200);
    expect(byAdmin2.body.temporaryPassword).toEqual(expect.any(String));
    // The account has its role, and the admin's password no longer opens it.
    const [made] = await db.query<{ roles: string[]; password_change_required: boolean }>(
      `SELECT roles, password_change_required FROM users WHERE id = $1`,
      [created.body.id],
    );
    expect(made).toEqual({ roles: ['supervisor'], password_change_required: true });
    expect(await adminCanSignInAs('nguoi.moi.1')).toBeUndefined();

    // The user a change is about never confirms it, even as a supervisor.
    const own = pendingOf(await adminCall('POST', `/api/v1/users/${supervisorA2.id}/reset-password`));
    expect((await confirm(supervisorA2, own.id)).body.code).toBe('ACCOUNT_CHANGE_OWN_FORBIDDEN');
    const rejected = await call<Pending>(api, 'POST', `/api/v1/account-changes/${own.id}/reject`, {
      token: await as(supervisorA),
    });
    expect(rejected.body).toEqual({ id: own.id, kind: 'reset_password', status: 'rejected' });
    expect((await signInAs(api, supervisorA2)).accessToken).toEqual(expect.any(String));
  });

  it("keeps a case-reading user's new e-mail until it is confirmed", async () => {
    const user = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    const res = await adminCall<UserAnswer>('PATCH', `/api/v1/users/${user.id}`, { email: 'moi@haven.test' });
    expect(res.status).toBe(202);
    expect(res.body.email).toBeNull();
    const listed = await call<{ items: { id: string; email: string | null }[] }>(
      api,
      'GET',
      '/api/v1/account-changes',
      { token: await as(supervisorA) },
    );
    const change = res.body.pendingChanges![0]!;
    expect(listed.body.items.find((i) => i.id === change.id)?.email).toBe('moi@haven.test');
    expect((await confirm(supervisorA, change.id)).body.temporaryPassword).toBeNull();
    const read = await adminCall<UserAnswer>('GET', `/api/v1/users/${user.id}`);
    expect(read.body.email).toBe('moi@haven.test');
  });

  it('lets a request expire after its days: no longer listed, 409 on confirmation, nothing changed', async () => {
    const user = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    const asked = pendingOf(await adminCall('POST', `/api/v1/users/${user.id}/reset-password`));
    await db.query(`UPDATE account_changes SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      asked.id,
    ]);
    const listed = await call<{ items: { id: string }[] }>(api, 'GET', '/api/v1/account-changes', {
      token: await as(supervisorA),
    });
    expect(listed.body.items.map((i) => i.id)).not.toContain(asked.id);
    const late = await confirm(supervisorA, asked.id);
    expect([late.status, late.body.code]).toEqual([409, 'ACCOUNT_CHANGE_NOT_PENDING']);
    const [row] = await db.query<{ status: string }>(`SELECT status FROM account_changes WHERE id = $1`, [
      asked.id,
    ]);
    expect(row?.status).toBe('expired');
    expect(await signInAs(api, user)).toMatchObject({ passwordChangeRequired: false });
  });

  it('lets a supervisor list the counsellors she may assign: her organisation only, ids and names only', async () => {
    const other = await createOrganization(db, { name: 'Trung tâm thử B' });
    const inB = await createUser(db, { roles: ['counsellor'], organizationId: other.id });
    const disabled = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id, disabled: true });
    const res = await call<{ items: Record<string, unknown>[] }>(api, 'GET', '/api/v1/users/assignable', {
      token: await as(supervisorA),
    });
    expect(res.status).toBe(200);
    const ids = res.body.items.map((i) => i.id);
    expect(ids).toContain(counsellor.id);
    expect(ids).not.toContain(inB.id);
    expect(ids).not.toContain(disabled.id);
    expect(ids).not.toContain(supervisorA.id);
    for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual(['displayName', 'id']);
    for (const role of ['counsellor', 'provider_staff', 'admin']) {
      const u = await createUser(db, { roles: [role], organizationId: orgA.id });
      const refused = await call(api, 'GET', '/api/v1/users/assignable', { token: await as(u) });
      expect(refused.status).toBe(403);
    }
  });

  it('never writes a temporary or chosen password to the logs', () => {
    expect(temporaries.length).toBeGreaterThan(0);
    const logs = api.logs() + worker.logs();
    for (const secret of [...temporaries, CHOSEN]) expect(logs).not.toContain(secret);
  });
});
