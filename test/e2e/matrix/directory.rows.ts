import { randomBytes, randomUUID } from 'node:crypto';
import { ROLE_NAMES, RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';

/**
 * The service directory (config/access-rules.yaml, provider.*): everyone signed in searches and reads
 * it, whichever organisation holds the provider; centre managers and administrators keep it, for any
 * organisation. Providers are made in SQL for each check, held by organisation A or B of the test world
 * (both social work centres, so a provider of type social_work_centre). Who sees a safe house's
 * confidential contact is not an access decision on a route (the route answers 200 either way) and is
 * tested in directory.e2e-spec.ts.
 */

const MANAGERS: readonly RoleName[] = ['centre_manager', 'admin'];

const providerFor = async (ctx: MatrixContext, org: 'A' | 'B'): Promise<string> => {
  const organizationId = org === 'A' ? ctx.world.orgA.id : ctx.world.orgB.id;
  const [row] = await ctx.db.query<{ id: string }>(
    `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, created_by)
     VALUES ($1, 'social_work_centre', $2, '01', '00004', '{psychological_counselling}', $3) RETURNING id`,
    [`Dịch vụ thử ${randomBytes(4).toString('hex')}`, organizationId, ctx.world.users.admin[org].id],
  );
  return row!.id;
};

const providerPath = (org: 'A' | 'B') => async (ctx: MatrixContext) =>
  `/api/v1/providers/${await providerFor(ctx, org)}`;

const newProvider = (org: 'A' | 'B') => (ctx: MatrixContext) => ({
  name: `Dịch vụ mới ${randomBytes(4).toString('hex')}`,
  type: 'social_work_centre',
  organizationId: org === 'A' ? ctx.world.orgA.id : ctx.world.orgB.id,
  provinceCode: '01',
  communeCode: '00004',
  services: ['psychological_counselling'],
});

const CHANGE = { version: 1, hours: 'Thứ 2–6, 8:00–17:00' };

export const DIRECTORY_ROWS: Row[] = [
  {
    route: 'GET /api/v1/providers',
    access: 'policy',
    checks: [
      { as: 'anonymous', relation: 'not signed in', path: '/api/v1/providers', expect: 401 },
      ...ROLE_NAMES.map((role): Check => ({
        as: role,
        relation: 'every organisation',
        path: '/api/v1/providers?service=psychological_counselling',
        expect: 200,
      })),
    ],
  },
  {
    route: 'GET /api/v1/providers/:id',
    access: 'policy',
    checks: [
      { as: 'anonymous', relation: 'not signed in', path: providerPath('A'), expect: 401 },
      {
        as: 'counsellor',
        relation: 'no such provider',
        path: `/api/v1/providers/${randomUUID()}`,
        expect: 404,
      },
      ...ROLE_NAMES.flatMap((role): Check[] => [
        { as: role, relation: 'own organisation', path: providerPath('A'), expect: 200 },
        { as: role, relation: 'other organisation', path: providerPath('B'), expect: 200 },
      ]),
    ],
  },
  {
    route: 'POST /api/v1/providers',
    access: 'policy',
    checks: [
      {
        as: 'anonymous',
        relation: 'not signed in',
        method: 'POST',
        path: '/api/v1/providers',
        body: newProvider('A'),
        expect: 401,
      },
      ...ROLE_NAMES.flatMap((role): Check[] => [
        {
          as: role,
          relation: 'own organisation',
          method: 'POST',
          path: '/api/v1/providers',
          body: newProvider('A'),
          expect: MANAGERS.includes(role) ? 201 : 403,
        },
        {
          as: role,
          relation: 'other organisation',
          method: 'POST',
          path: '/api/v1/providers',
          body: newProvider('B'),
          expect: MANAGERS.includes(role) ? 201 : 403,
        },
      ]),
    ],
  },
  {
    route: 'PATCH /api/v1/providers/:id',
    access: 'policy',
    checks: [
      {
        as: 'anonymous',
        relation: 'not signed in',
        method: 'PATCH',
        path: providerPath('A'),
        body: CHANGE,
        expect: 401,
      },
      {
        as: 'admin',
        relation: 'no such provider',
        method: 'PATCH',
        path: `/api/v1/providers/${randomUUID()}`,
        body: CHANGE,
        expect: 404,
      },
      ...ROLE_NAMES.flatMap((role): Check[] => [
        {
          as: role,
          relation: 'own organisation',
          method: 'PATCH',
          path: providerPath('A'),
          body: CHANGE,
          expect: MANAGERS.includes(role) ? 200 : 403,
        },
        {
          as: role,
          relation: 'other organisation',
          method: 'PATCH',
          path: providerPath('B'),
          body: CHANGE,
          expect: MANAGERS.includes(role) ? 200 : 403,
        },
      ]),
    ],
  },
];
