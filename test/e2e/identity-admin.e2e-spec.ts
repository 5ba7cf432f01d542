import { startApi, testEnv, RunningApi } from '../support/app';
import {
  call,
  createOrganization,
  createUser,
  DEFAULT_TEST_PASSWORD,
  MANY_SIGN_INS,
  signIn,
  signInAs,
  TestOrganization,
  TestUser,
} from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import type { ErrorBody as ApiErrorBody } from '../support/error-body';

interface UserBody {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  organizationId: string;
  disabled: boolean;
  mfaEnabled: boolean;
  version: number;
  email?: string | null;
}
type ErrorBody = ApiErrorBody<{ field: string }[]>;

describe('administration of users and organisations', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let org: TestOrganization;
  let admin: TestUser;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, AUTH_LOGIN_LIMIT_PER_USER: '1000' }));
    org = await createOrganization(db, { name: 'Trung tâm Công tác xã hội thử' });
    admin = await createUser(db, { roles: ['admin'], organizationId: org.id });
    token = (await signInAs(api, admin)).accessToken;
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  let seq = 0;
  const newUser = (over: Record<string, unknown> = {}) => ({
    username: `nhan.vien.${++seq}.${Date.now() % 100000}`,
    displayName: 'Trần Thị Bình',
    password: 'Một câu mật khẩu đủ dài 2026',
    // Not a case-reading role: those wait for a supervisor (identity-account-changes.e2e-spec.ts).
    roles: ['centre_manager'],
    organizationId: org.id,
    ...over,
  });
  const post = <T = UserBody>(path: string, body: unknown, headers: Record<string, string> = {}) =>
    call<T>(api, 'POST', path, { token, body, headers });
  const patch = <T = UserBody>(path: string, body: unknown, as = token) =>
    call<T>(api, 'PATCH', path, { token: as, body });
  const outbox = (topic: string) =>
    db.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM outbox_events WHERE topic = $1 ORDER BY created_at`,
      [topic],
    );

  describe('users', () => {
    it('creates a user who can then sign in', async () => {
      const body = newUser({ username: 'Hoa.Le' });
      const res = await post('/api/v1/users', body);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String) as string,
        username: 'hoa.le',
        displayName: 'Trần Thị Bình',
        roles: ['centre_manager'],
        organizationId: org.id,
        disabled: false,
        mfaEnabled: false,
        version: 1,
        email: null,
      });
      const s = await signIn(api, 'hoa.le', body.password);
      expect(s.user.id).toBe(res.body.id);
      const [row] = await db.query<{ password_hash: string }>(
        `SELECT password_hash FROM users WHERE id = $1`,
        [res.body.id],
      );
      expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    });

    it('answers 409 USERNAME_TAKEN for a name in use, in any case', async () => {
      const body = newUser();
      expect((await post('/api/v1/users', body)).status).toBe(201);
      const again = await post<ErrorBody>('/api/v1/users', {
        ...body,
        username: body.username.toUpperCase(),
      });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('USERNAME_TAKEN');
    });

    it.each([
      ['too short', 'Ngắn quá 1', 'PASSWORD_TOO_SHORT'],
      ['common', 'qwertyuiop123', 'PASSWORD_TOO_COMMON'],
      ['common with a suffix', 'password2024!!', 'PASSWORD_TOO_COMMON'],
      ['one character repeated', 'aaaaaaaaaaaaaaaa', 'PASSWORD_TOO_COMMON'],
    ])('refuses a weak password (%s), saying why', async (_what, password, code) => {
      const res = await post<ErrorBody>('/api/v1/users', newUser({ password }));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
      expect(res.body.details).toEqual([{ field: 'password' }]);
      expect(res.body.message).not.toContain(password);
    });

    it('refuses a password that contains the username', async () => {
      const res = await post<ErrorBody>(
        '/api/v1/users',
        newUser({ username: 'minh.tran', password: 'xin-chao-MINH.TRAN-2026' }),
      );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('PASSWORD_CONTAINS_USERNAME');
    });

    it('refuses unknown and mistyped fields, naming them', async () => {
      const res = await post<ErrorBody>('/api/v1/users', {
        ...newUser(),
        role: ['counsellor'],
        phone: '0912345678',
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details?.map((d) => d.field).sort()).toEqual(['phone', 'role']);
      const typed = await post<ErrorBody>(
        '/api/v1/users',
        newUser({ roles: 'counsellor', organizationId: 'abc' }),
      );
      expect(typed.body.details?.map((d) => d.field).sort()).toEqual(['organizationId', 'roles']);
    });

    it('refuses an unknown role or organisation with 400 naming the field', async () => {
      const role = await post<ErrorBody>('/api/v1/users', newUser({ roles: ['counsellor', 'superuser'] }));
      expect(role.status).toBe(400);
      expect(role.body.code).toBe('UNKNOWN_ROLE');
      expect(role.body.message).toContain('roles');
      const orgRes = await post<ErrorBody>(
        '/api/v1/users',
        newUser({ organizationId: '00000000-0000-4000-8000-000000000001' }),
      );
      expect(orgRes.status).toBe(400);
      expect(orgRes.body.code).toBe('UNKNOWN_ORGANIZATION');
      expect(orgRes.body.details).toEqual([{ field: 'organizationId' }]);
    });

    it.each([[['admin', 'counsellor']], [['auditor', 'supervisor']], [['admin', 'provider_staff']]])(
      'refuses %p: admin and auditor never combine with a role that reads cases',
      async (roles) => {
        const res = await post<ErrorBody>('/api/v1/users', newUser({ roles }));
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('ROLE_COMBINATION_FORBIDDEN');
      },
    );

    it('accepts admin with centre_manager, and stores roles once in catalogue order (admin once confirmed)', async () => {
      const res = await post<UserBody & { pendingChanges: { id: string; kind: string }[] }>(
        '/api/v1/users',
        newUser({ roles: ['centre_manager', 'admin', 'centre_manager'] }),
      );
      // admin is given only when a supervisor (or another admin) confirms (issue 12, Security 1).
      expect(res.status).toBe(202);
      expect(res.body.roles).toEqual(['centre_manager']);
      expect(res.body.pendingChanges).toMatchObject([{ kind: 'create_user' }]);
      const supervisor = await createUser(db, { roles: ['supervisor'], organizationId: org.id });
      const confirmed = await call(
        api,
        'POST',
        `/api/v1/account-changes/${res.body.pendingChanges[0]!.id}/confirm`,
        {
          token: (await signInAs(api, supervisor)).accessToken,
        },
      );
      expect(confirmed.status).toBe(200);
      const after = await call<UserBody>(api, 'GET', `/api/v1/users/${res.body.id}`, { token });
      expect(after.body.roles).toEqual(['centre_manager', 'admin']);
    });

    it('replays a creation with the same Idempotency-Key and refuses the key with another body', async () => {
      const body = newUser();
      const headers = { 'idempotency-key': `create-user-${seq}-key` };
      const first = await post('/api/v1/users', body, headers);
      const replay = await post('/api/v1/users', body, headers);
      expect(first.status).toBe(201);
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);
      const other = await post<ErrorBody>(
        '/api/v1/users',
        { ...body, password: 'Một mật khẩu khác hẳn 2026' },
        headers,
      );
      expect(other.status).toBe(422);
      const stored = JSON.stringify(await db.query(`SELECT * FROM idempotency_keys`));
      expect(stored).not.toContain(body.password);
    });

    it('lists users in keyset pages of at most 100, filtered by organisation and role', async () => {
      const other = await createOrganization(db);
      for (let i = 0; i < 5; i++) await createUser(db, { roles: ['supervisor'], organizationId: other.id });
      await createUser(db, { roles: ['counsellor'], organizationId: other.id });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = `/api/v1/users?organizationId=${other.id}&role=supervisor&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await call<{ items: UserBody[]; nextCursor: string | null }>(api, 'GET', q, { token });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((u) => u.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
      expect((await call(api, 'GET', '/api/v1/users?limit=101', { token })).status).toBe(400);
      const bad = await call<ErrorBody>(api, 'GET', '/api/v1/users?cursor=bm90LWEtY3Vyc29y', { token });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([{ field: 'cursor', problems: expect.any(Array) as string[] }]);
    });

    it('answers 404 for a user that does not exist', async () => {
      const res = await call<ErrorBody>(api, 'GET', '/api/v1/users/00000000-0000-4000-8000-000000000009', {
        token,
      });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('USER_NOT_FOUND');
    });

    it('keeps user management to admins', async () => {
      const supervisor = await createUser(db, { roles: ['supervisor'], organizationId: org.id });
      const s = await signInAs(api, supervisor);
      for (const [method, path, body] of [
        ['GET', '/api/v1/users', undefined],
        ['POST', '/api/v1/users', newUser()],
        ['PATCH', `/api/v1/users/${supervisor.id}`, { roles: ['supervisor', 'centre_manager'] }],
        ['POST', `/api/v1/users/${admin.id}/reset-password`, { password: 'Một mật khẩu mới dài 2026' }],
      ] as const) {
        const res = await call<ErrorBody>(api, method, path, { token: s.accessToken, body });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
    });
  });

  describe('changing roles, organisation and state', () => {
    it('changes roles: audited, and one user.roles_changed event with the old and new organisations', async () => {
      const before = (await outbox('user.roles_changed')).length;
      // Taking a role away applies at once (a new case-reading role would wait for a confirmation).
      const user = await createUser(db, { roles: ['counsellor', 'supervisor'], organizationId: org.id });
      const other = await createOrganization(db);
      const res = await patch(`/api/v1/users/${user.id}`, {
        roles: ['supervisor'],
        organizationId: other.id,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ roles: ['supervisor'], organizationId: other.id, version: 2 });
      const events = await outbox('user.roles_changed');
      expect(events).toHaveLength(before + 1);
      expect(events[events.length - 1]?.payload).toEqual({
        userId: user.id,
        organizationIds: [org.id, other.id],
        actorId: admin.id,
      });
      const audit = await db.query<{
        action: string;
        reason_code: string;
        actor_id: string;
        reason_text_enc: string;
      }>(`SELECT action, reason_code, actor_id, reason_text_enc FROM audit_events WHERE entity_id = $1`, [
        user.id,
      ]);
      expect(audit).toEqual([
        {
          action: 'user.roles_changed',
          reason_code: 'roles_and_organization',
          actor_id: admin.id,
          reason_text_enc: expect.stringMatching(/^v1\./) as string,
        },
      ]);
      // The same roles again change nothing: no event, no version.
      const same = await patch(`/api/v1/users/${user.id}`, { roles: ['supervisor'] });
      expect(same.body.version).toBe(2);
      expect(await outbox('user.roles_changed')).toHaveLength(before + 1);
    });

    it('refuses an admin changing their own roles or organisation (403), and changes nothing', async () => {
      for (const body of [
        { roles: ['admin', 'centre_manager'] },
        { organizationId: (await createOrganization(db)).id },
      ]) {
        const res = await patch<ErrorBody>(`/api/v1/users/${admin.id}`, body);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('SELF_ROLE_CHANGE_FORBIDDEN');
      }
      const self = await call<UserBody>(api, 'GET', `/api/v1/users/${admin.id}`, { token });
      expect(self.body).toMatchObject({ roles: ['admin'], organizationId: org.id });
      const off = await patch<ErrorBody>(`/api/v1/users/${admin.id}`, { disabled: true });
      expect(off.status).toBe(403);
      expect(off.body.code).toBe('SELF_DISABLE_FORBIDDEN');
      // Their own display name is theirs to fix.
      expect((await patch(`/api/v1/users/${admin.id}`, { displayName: 'Quản trị viên Hà' })).status).toBe(
        200,
      );
    });

    it('lets another admin change the roles of an admin', async () => {
      const second = await createUser(db, { roles: ['admin'], organizationId: org.id });
      const res = await patch(`/api/v1/users/${second.id}`, { roles: ['admin', 'centre_manager'] });
      expect(res.status).toBe(200);
    });

    it('refuses a forbidden combination and an unknown organisation on change', async () => {
      const user = await createUser(db, { roles: ['auditor'], organizationId: org.id });
      expect(
        (await patch<ErrorBody>(`/api/v1/users/${user.id}`, { roles: ['auditor', 'counsellor'] })).body.code,
      ).toBe('ROLE_COMBINATION_FORBIDDEN');
      expect(
        (
          await patch<ErrorBody>(`/api/v1/users/${user.id}`, {
            organizationId: '00000000-0000-4000-8000-000000000002',
          })
        ).body.code,
      ).toBe('UNKNOWN_ORGANIZATION');
    });

    it('answers 409 VERSION_CONFLICT for a stale version', async () => {
      const user = await createUser(db, { roles: ['counsellor'], organizationId: org.id });
      expect((await patch(`/api/v1/users/${user.id}`, { displayName: 'Tên mới', version: 1 })).status).toBe(
        200,
      );
      const stale = await patch<ErrorBody>(`/api/v1/users/${user.id}`, {
        displayName: 'Tên khác',
        version: 1,
      });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
    });

    it('disabling a signed-in user ends their access at once and writes user.disabled', async () => {
      const user = await createUser(db, { roles: ['counsellor'], organizationId: org.id });
      const s = await signInAs(api, user);
      expect((await call(api, 'GET', '/api/v1/auth/me', { token: s.accessToken })).status).toBe(200);
      const res = await patch(`/api/v1/users/${user.id}`, { disabled: true });
      expect(res.status).toBe(200);
      expect(res.body.disabled).toBe(true);
      expect((await call(api, 'GET', '/api/v1/auth/me', { token: s.accessToken })).status).toBe(401);
      expect(
        (await call(api, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: s.refreshToken } })).status,
      ).toBe(401);
      const sessions = await db.query<{ revoked_reason: string }>(
        `SELECT revoked_reason FROM sessions WHERE user_id = $1`,
        [user.id],
      );
      expect(sessions.map((x) => x.revoked_reason)).toEqual(['user_disabled']);
      expect((await outbox('user.disabled')).map((e) => e.payload)).toContainEqual({
        userId: user.id,
        organizationId: org.id,
        actorId: admin.id,
      });
      // Enabled again, the user signs in anew.
      expect((await patch(`/api/v1/users/${user.id}`, { disabled: false })).body.disabled).toBe(false);
      expect((await signInAs(api, user)).user.id).toBe(user.id);
    });

    it('resets a password once a supervisor confirms: the old one stops working, sessions end, a lockout is lifted', async () => {
      const user = await createUser(db, { roles: ['counsellor'], organizationId: org.id });
      const supervisor = await createUser(db, { roles: ['supervisor'], organizationId: org.id });
      const s = await signInAs(api, user);
      await db.query(`UPDATE users SET locked_until = now() + interval '10 minutes' WHERE id = $1`, [
        user.id,
      ]);
      // The admin no longer chooses the password (issue 12, Security 1).
      const chosen = await post<ErrorBody>(`/api/v1/users/${user.id}/reset-password`, {
        password: 'Mật khẩu quản trị chọn 2026',
      });
      expect(chosen.status).toBe(400);
      expect(chosen.body.code).toBe('PASSWORD_SET_BY_USER_ONLY');
      const res = await post<{ id: string; kind: string; status: string }>(
        `/api/v1/users/${user.id}/reset-password`,
        {},
      );
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ kind: 'reset_password', status: 'pending' });
      const confirmed = await call<{ temporaryPassword: string }>(
        api,
        'POST',
        `/api/v1/account-changes/${res.body.id}/confirm`,
        { token: (await signInAs(api, supervisor)).accessToken },
      );
      expect(confirmed.status).toBe(200);
      expect((await call(api, 'GET', '/api/v1/auth/me', { token: s.accessToken })).status).toBe(401);
      await expect(signIn(api, user.username, DEFAULT_TEST_PASSWORD)).rejects.toThrow('401');
      const temp = await signIn(api, user.username, confirmed.body.temporaryPassword);
      const fresh = 'Mật khẩu mới tinh của tôi 2026';
      const own = await call(api, 'POST', '/api/v1/auth/password', {
        token: temp.accessToken,
        body: { currentPassword: confirmed.body.temporaryPassword, newPassword: fresh },
      });
      expect(own.status).toBe(204);
      expect((await signIn(api, user.username, fresh)).user.id).toBe(user.id);
    });
  });

  describe('organisations', () => {
    const orgBody = (over: Record<string, unknown> = {}) => ({
      name: `Nhà tạm lánh ${++seq}`,
      type: 'safe_house',
      provinceCode: '01',
      communeCode: '00004',
      ...over,
    });

    it('creates, reads, lists and changes an organisation', async () => {
      const created = await post<{ id: string; version: number }>(
        '/api/v1/organizations',
        orgBody({ parentId: org.id }),
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        type: 'safe_house',
        provinceCode: '01',
        communeCode: '00004',
        parentId: org.id,
      });
      const read = await call(api, 'GET', `/api/v1/organizations/${created.body.id}`, { token });
      expect(read.body).toEqual(created.body);
      const changed = await patch<{ type: string; communeCode: string | null; version: number }>(
        `/api/v1/organizations/${created.body.id}`,
        { type: 'trusted_address', communeCode: null },
      );
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ type: 'trusted_address', communeCode: null, version: 2 });
      const list = await call<{ items: { id: string }[]; nextCursor: string | null }>(
        api,
        'GET',
        '/api/v1/organizations?limit=100',
        { token },
      );
      expect(list.body.items.map((o) => o.id)).toContain(created.body.id);
    });

    it.each([
      ['type', { type: 'spa' }, 'UNKNOWN_ORGANIZATION_TYPE'],
      ['provinceCode', { provinceCode: '99' }, 'UNKNOWN_PROVINCE'],
      ['communeCode', { communeCode: '99999' }, 'UNKNOWN_COMMUNE'],
      ['parentId', { parentId: '00000000-0000-4000-8000-000000000003' }, 'UNKNOWN_ORGANIZATION'],
    ])('refuses an unknown %s with 400 naming it', async (field, over, code) => {
      const res = await post<ErrorBody>('/api/v1/organizations', orgBody(over));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toContain(field);
    });

    it('refuses a commune of another province', async () => {
      const res = await post<ErrorBody>(
        '/api/v1/organizations',
        orgBody({ provinceCode: '79', communeCode: '00004' }),
      );
      expect(res.body.code).toBe('UNKNOWN_COMMUNE');
    });

    it('answers 409 for a name in use, on creation and on change', async () => {
      const body = orgBody();
      expect((await post('/api/v1/organizations', body)).status).toBe(201);
      const again = await post<ErrorBody>('/api/v1/organizations', { ...body, type: 'hotline' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ORGANIZATION_NAME_TAKEN');
      const other = await post<{ id: string }>('/api/v1/organizations', orgBody());
      const renamed = await patch<ErrorBody>(`/api/v1/organizations/${other.body.id}`, { name: body.name });
      expect(renamed.status).toBe(409);
      expect(renamed.body.code).toBe('ORGANIZATION_NAME_TAKEN');
    });

    it('refuses a parent that would make a cycle', async () => {
      const top = await post<{ id: string }>('/api/v1/organizations', orgBody());
      const below = await post<{ id: string }>('/api/v1/organizations', orgBody({ parentId: top.body.id }));
      const res = await patch<ErrorBody>(`/api/v1/organizations/${top.body.id}`, { parentId: below.body.id });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('ORGANIZATION_PARENT_CYCLE');
      const self = await patch<ErrorBody>(`/api/v1/organizations/${top.body.id}`, { parentId: top.body.id });
      expect(self.body.code).toBe('ORGANIZATION_PARENT_CYCLE');
    });

    it('answers 404 for an organisation that does not exist', async () => {
      const res = await call<ErrorBody>(
        api,
        'GET',
        '/api/v1/organizations/00000000-0000-4000-8000-000000000004',
        { token },
      );
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('ORGANIZATION_NOT_FOUND');
    });
  });

  it('never writes passwords, tokens or display names to the logs', () => {
    const logs = api.logs();
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [
      'Trần Thị Bình',
      'Một câu mật khẩu đủ dài 2026',
      'Mật khẩu mới tinh của tôi 2026',
      token,
    ])
      expect(logs).not.toContain(secret);
  });
});
