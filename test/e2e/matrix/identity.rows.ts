import { randomBytes } from 'node:crypto';
import {
  createOrganization,
  createUser,
  DEFAULT_TEST_PASSWORD,
  ROLE_NAMES,
  RoleName,
} from '../../factories/identity';
import { signInAs } from '../../support/auth';
import type { Check, MatrixContext, Row } from './types';

/**
 * The identity module's routes: sign-in and sessions (public or any signed-in user) and the
 * administration of users and organisations (admin only). Requests that change records act on records
 * made for the check, never on the callers of the test world.
 */

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const tag = (): string => randomBytes(4).toString('hex');

/** One check per role: `expectFor(role)` gives the status. */
function everyRole(base: Omit<Check, 'as' | 'expect'>, expectFor: (role: RoleName) => number): Check[] {
  return ROLE_NAMES.map((role) => ({ ...base, as: role, expect: expectFor(role) }));
}

const adminOnly = (success: number) => (role: RoleName) => (role === 'admin' ? success : 403);
const anonymous = (base: Omit<Check, 'as' | 'expect'>): Check => ({ ...base, as: 'anonymous', expect: 401 });

/** A user of organisation B made for one check (so that changing it disturbs no caller). */
const targetUser = async (ctx: MatrixContext): Promise<string> =>
  (await createUser(ctx.db, { roles: ['counsellor'], organizationId: ctx.world.orgB.id })).id;

/** A pending account change of a new counsellor of organisation A or B, asked for by B's admin. */
const pendingChange = async (ctx: MatrixContext, org: 'A' | 'B'): Promise<string> => {
  const organizationId = org === 'A' ? ctx.world.orgA.id : ctx.world.orgB.id;
  const target = await createUser(ctx.db, { roles: ['counsellor'], organizationId });
  const [row] = await ctx.db.query<{ id: string }>(
    `INSERT INTO account_changes (kind, target_user_id, requested_by, expires_at)
     VALUES ('reset_mfa', $1, $2, now() + interval '1 day') RETURNING id`,
    [target.id, ctx.world.users.admin.B.id],
  );
  return row!.id;
};

const newUserBody = (ctx: MatrixContext) => ({
  username: `matrix.${tag()}`,
  displayName: 'Người dùng ma trận',
  password: DEFAULT_TEST_PASSWORD,
  roles: ['counsellor'],
  organizationId: ctx.world.orgA.id,
});

export const IDENTITY_ROWS: Row[] = [
  {
    route: 'POST /api/v1/auth/login',
    access: 'public',
    checks: [
      {
        as: 'anonymous',
        relation: 'right password',
        method: 'POST',
        path: '/api/v1/auth/login',
        body: (ctx) => ({
          username: ctx.world.users.centre_manager.B.username,
          password: DEFAULT_TEST_PASSWORD,
        }),
        expect: 200,
      },
      {
        as: 'anonymous',
        relation: 'wrong password',
        method: 'POST',
        path: '/api/v1/auth/login',
        body: (ctx) => ({
          username: ctx.world.users.auditor.B.username,
          password: 'not the password at all',
        }),
        expect: 401,
      },
    ],
  },
  {
    route: 'POST /api/v1/auth/refresh',
    access: 'public',
    checks: [
      {
        as: 'anonymous',
        relation: 'live refresh token',
        method: 'POST',
        path: '/api/v1/auth/refresh',
        body: async (ctx) => ({
          refreshToken: (await signInAs(ctx.api, ctx.world.users.supervisor.B)).refreshToken,
        }),
        expect: 200,
      },
      {
        as: 'anonymous',
        relation: 'unknown refresh token',
        method: 'POST',
        path: '/api/v1/auth/refresh',
        body: { refreshToken: 'not-a-refresh-token' },
        expect: 401,
      },
    ],
  },
  {
    route: 'POST /api/v1/auth/logout',
    access: 'authenticated',
    checks: [
      anonymous({ relation: 'no token', method: 'POST', path: '/api/v1/auth/logout' }),
      ...everyRole(
        { relation: 'own session', method: 'POST', path: '/api/v1/auth/logout', session: 'fresh' },
        () => 204,
      ),
    ],
  },
  // The browser's quick exit: the refresh cookie with the page's CSRF token is the credential (the
  // accepted case, which needs a cookie made at sign-in, is in identity-web-session.e2e-spec.ts).
  {
    route: 'POST /api/v1/auth/logout/cookie',
    access: 'public',
    checks: [
      {
        as: 'anonymous',
        relation: 'no cookie',
        method: 'POST',
        path: '/api/v1/auth/logout/cookie',
        expect: 401,
      },
      {
        as: 'anonymous',
        relation: 'unknown cookie',
        method: 'POST',
        path: '/api/v1/auth/logout/cookie',
        headers: { cookie: 'haven_refresh=not-a-refresh-token', 'x-csrf-token': 'x' },
        expect: 401,
      },
    ],
  },
  {
    route: 'POST /api/v1/auth/reauthenticate',
    access: 'authenticated',
    checks: [
      anonymous({
        relation: 'no token',
        method: 'POST',
        path: '/api/v1/auth/reauthenticate',
        body: { password: 'x' },
      }),
      // Past the guard, an empty body is refused by validation: 400 shows the route was reached.
      ...everyRole(
        { relation: 'self, empty body', method: 'POST', path: '/api/v1/auth/reauthenticate', body: {} },
        () => 400,
      ),
    ],
  },
  {
    route: 'POST /api/v1/auth/password',
    access: 'authenticated',
    checks: [
      anonymous({
        relation: 'no token',
        method: 'POST',
        path: '/api/v1/auth/password',
        body: { currentPassword: 'x', newPassword: 'y' },
      }),
      // Past the guard, an empty body is refused by validation: 400 shows the route was reached.
      ...everyRole(
        { relation: 'self, empty body', method: 'POST', path: '/api/v1/auth/password', body: {} },
        () => 400,
      ),
    ],
  },
  {
    route: 'GET /api/v1/auth/me',
    access: 'authenticated',
    checks: [
      anonymous({ relation: 'no token', path: '/api/v1/auth/me' }),
      ...everyRole({ relation: 'self', path: '/api/v1/auth/me' }, () => 200),
    ],
  },
  {
    route: 'POST /api/v1/auth/mfa/setup',
    access: 'authenticated',
    checks: [
      anonymous({ relation: 'no token', method: 'POST', path: '/api/v1/auth/mfa/setup' }),
      ...everyRole({ relation: 'self', method: 'POST', path: '/api/v1/auth/mfa/setup' }, () => 200),
    ],
  },
  {
    route: 'POST /api/v1/auth/mfa/enable',
    access: 'authenticated',
    checks: [
      anonymous({
        relation: 'no token',
        method: 'POST',
        path: '/api/v1/auth/mfa/enable',
        body: { totp: '123456' },
      }),
      // Past the guard, a body without a code is refused by validation: 400 shows the route was reached.
      ...everyRole(
        { relation: 'self, no code', method: 'POST', path: '/api/v1/auth/mfa/enable', body: {} },
        () => 400,
      ),
    ],
  },
  {
    route: 'POST /api/v1/users',
    access: 'roles',
    checks: [
      anonymous({ relation: 'no token', method: 'POST', path: '/api/v1/users', body: newUserBody }),
      // A case-reading role waits for a supervisor's confirmation (202 with the pending change).
      ...everyRole(
        { relation: 'new user', method: 'POST', path: '/api/v1/users', body: newUserBody },
        adminOnly(202),
      ),
      {
        as: 'admin',
        relation: 'new user, no case-reading role',
        method: 'POST',
        path: '/api/v1/users',
        body: (ctx: MatrixContext) => ({ ...newUserBody(ctx), roles: ['centre_manager'] }),
        expect: 201,
      },
    ],
  },
  {
    route: 'GET /api/v1/users/assignable',
    access: 'roles',
    checks: [
      anonymous({ relation: 'no token', path: '/api/v1/users/assignable' }),
      ...everyRole({ relation: 'own organisation', path: '/api/v1/users/assignable' }, (role) =>
        role === 'supervisor' ? 200 : 403,
      ),
    ],
  },
  {
    route: 'GET /api/v1/account-changes',
    access: 'roles',
    checks: [
      anonymous({ relation: 'no token', path: '/api/v1/account-changes' }),
      ...everyRole({ relation: 'the ones I may confirm', path: '/api/v1/account-changes' }, (role) =>
        role === 'supervisor' || role === 'admin' ? 200 : 403,
      ),
    ],
  },
  ...(['confirm', 'reject'] as const).map((verb): Row => ({
    route: `POST /api/v1/account-changes/:id/${verb}`,
    access: 'roles',
    checks: [
      anonymous({
        relation: 'no token',
        method: 'POST',
        path: async (ctx) => `/api/v1/account-changes/${await pendingChange(ctx, 'A')}/${verb}`,
      }),
      // A's supervisor confirms a change of her organisation; A's admin is no confirmer of it.
      ...everyRole(
        {
          relation: 'change of own organisation',
          method: 'POST',
          path: async (ctx) => `/api/v1/account-changes/${await pendingChange(ctx, 'A')}/${verb}`,
        },
        (role) => (role === 'supervisor' ? 200 : role === 'admin' ? 404 : 403),
      ),
      {
        as: 'supervisor',
        relation: 'change of another organisation',
        method: 'POST',
        path: async (ctx) => `/api/v1/account-changes/${await pendingChange(ctx, 'B')}/${verb}`,
        expect: 404,
      },
      {
        as: 'supervisor',
        relation: 'unknown change',
        method: 'POST',
        path: `/api/v1/account-changes/${UNKNOWN_ID}/${verb}`,
        expect: 404,
      },
    ],
  })),
  {
    route: 'GET /api/v1/users',
    access: 'roles',
    checks: [
      anonymous({ relation: 'no token', path: '/api/v1/users' }),
      ...everyRole({ relation: 'list', path: '/api/v1/users' }, adminOnly(200)),
    ],
  },
  {
    route: 'GET /api/v1/users/:id',
    access: 'roles',
    checks: [
      anonymous({ relation: 'no token', path: (ctx) => `/api/v1/users/${ctx.world.users.counsellor.B.id}` }),
      ...everyRole(
        { relation: 'other organisation', path: (ctx) => `/api/v1/users/${ctx.world.users.counsellor.B.id}` },
        adminOnly(200),
      ),
      ...everyRole(
        { relation: 'self', path: (ctx) => `/api/v1/users/${ctx.world.users.admin.A.id}` },
        adminOnly(200),
      ),
      ...everyRole({ relation: 'unknown user', path: `/api/v1/users/${UNKNOWN_ID}` }, adminOnly(404)),
    ],
  },
  {
    route: 'PATCH /api/v1/users/:id',
    access: 'roles',
    checks: [
      anonymous({
        relation: 'no token',
        method: 'PATCH',
        path: async (ctx) => `/api/v1/users/${await targetUser(ctx)}`,
        body: { roles: ['supervisor'] },
      }),
      ...everyRole(
        {
          relation: 'roles of another user',
          method: 'PATCH',
          path: async (ctx) => `/api/v1/users/${await targetUser(ctx)}`,
          body: { roles: ['supervisor'] },
        },
        // supervisor is a case-reading role: it waits for a confirmation.
        adminOnly(202),
      ),
      {
        as: 'admin',
        relation: 'own roles (separation of duties)',
        method: 'PATCH',
        path: (ctx) => `/api/v1/users/${ctx.world.users.admin.A.id}`,
        body: { roles: ['admin', 'centre_manager'] },
        expect: 403,
      },
      {
        as: 'admin',
        relation: 'own organisation',
        method: 'PATCH',
        path: (ctx) => `/api/v1/users/${ctx.world.users.admin.A.id}`,
        body: (ctx: MatrixContext) => ({ organizationId: ctx.world.orgB.id }),
        expect: 403,
      },
      {
        as: 'admin',
        relation: 'own display name',
        method: 'PATCH',
        path: (ctx) => `/api/v1/users/${ctx.world.users.admin.A.id}`,
        body: { displayName: 'Quản trị viên thử' },
        expect: 200,
      },
      {
        as: 'admin',
        relation: 'unknown user',
        method: 'PATCH',
        path: `/api/v1/users/${UNKNOWN_ID}`,
        body: { displayName: 'Không ai cả' },
        expect: 404,
      },
    ],
  },
  {
    route: 'POST /api/v1/users/:id/reset-password',
    access: 'roles',
    checks: [
      anonymous({
        relation: 'no token',
        method: 'POST',
        path: async (ctx) => `/api/v1/users/${await targetUser(ctx)}/reset-password`,
        body: {},
      }),
      // A request a supervisor confirms (202); the admin never chooses the password.
      ...everyRole(
        {
          relation: 'another user',
          method: 'POST',
          path: async (ctx) => `/api/v1/users/${await targetUser(ctx)}/reset-password`,
          body: {},
        },
        adminOnly(202),
      ),
      {
        as: 'admin',
        relation: 'another user, a password chosen by the admin',
        method: 'POST',
        path: async (ctx) => `/api/v1/users/${await targetUser(ctx)}/reset-password`,
        body: { password: 'Một mật khẩu mới thật dài 2026' },
        expect: 400,
      },
      {
        as: 'admin',
        relation: 'unknown user',
        method: 'POST',
        path: `/api/v1/users/${UNKNOWN_ID}/reset-password`,
        body: {},
        expect: 404,
      },
    ],
  },
  {
    route: 'POST /api/v1/users/:id/reset-mfa',
    access: 'roles',
    checks: [
      anonymous({
        relation: 'no token',
        method: 'POST',
        path: async (ctx) => `/api/v1/users/${await targetUser(ctx)}/reset-mfa`,
      }),
      ...everyRole(
        {
          relation: 'another user',
          method: 'POST',
          path: async (ctx) => `/api/v1/users/${await targetUser(ctx)}/reset-mfa`,
        },
        adminOnly(202),
      ),
      {
        as: 'admin',
        relation: 'own second factor (separation of duties)',
        method: 'POST',
        path: (ctx) => `/api/v1/users/${ctx.world.users.admin.A.id}/reset-mfa`,
        expect: 403,
      },
      {
        as: 'admin',
        relation: 'unknown user',
        method: 'POST',
        path: `/api/v1/users/${UNKNOWN_ID}/reset-mfa`,
        expect: 404,
      },
    ],
  },
  {
    route: 'POST /api/v1/organizations',
    access: 'roles',
    checks: [
      anonymous({
        relation: 'no token',
        method: 'POST',
        path: '/api/v1/organizations',
        body: () => ({ name: `Tổ chức ${tag()}`, type: 'hotline', provinceCode: '01' }),
      }),
      ...everyRole(
        {
          relation: 'new organisation',
          method: 'POST',
          path: '/api/v1/organizations',
          body: () => ({ name: `Tổ chức ${tag()}`, type: 'hotline', provinceCode: '01' }),
        },
        adminOnly(201),
      ),
    ],
  },
  {
    route: 'GET /api/v1/organizations',
    access: 'roles',
    checks: [
      anonymous({ relation: 'no token', path: '/api/v1/organizations' }),
      ...everyRole({ relation: 'list', path: '/api/v1/organizations' }, adminOnly(200)),
    ],
  },
  {
    route: 'GET /api/v1/organizations/:id',
    access: 'roles',
    checks: [
      anonymous({ relation: 'no token', path: (ctx) => `/api/v1/organizations/${ctx.world.orgB.id}` }),
      ...everyRole(
        { relation: 'own organisation', path: (ctx) => `/api/v1/organizations/${ctx.world.orgA.id}` },
        adminOnly(200),
      ),
      ...everyRole(
        { relation: 'other organisation', path: (ctx) => `/api/v1/organizations/${ctx.world.orgB.id}` },
        adminOnly(200),
      ),
      ...everyRole(
        { relation: 'unknown organisation', path: `/api/v1/organizations/${UNKNOWN_ID}` },
        adminOnly(404),
      ),
    ],
  },
  {
    route: 'PATCH /api/v1/organizations/:id',
    access: 'roles',
    checks: [
      anonymous({
        relation: 'no token',
        method: 'PATCH',
        path: async (ctx) => `/api/v1/organizations/${(await createOrganization(ctx.db)).id}`,
        body: { type: 'safe_house' },
      }),
      ...everyRole(
        {
          relation: 'an organisation',
          method: 'PATCH',
          path: async (ctx) => `/api/v1/organizations/${(await createOrganization(ctx.db)).id}`,
          body: { type: 'safe_house' },
        },
        adminOnly(200),
      ),
      {
        as: 'admin',
        relation: 'unknown organisation',
        method: 'PATCH',
        path: `/api/v1/organizations/${UNKNOWN_ID}`,
        body: { type: 'safe_house' },
        expect: 404,
      },
    ],
  },
];
