import { randomUUID } from 'node:crypto';
import { ROLE_NAMES, RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';

/**
 * Community activities and the indicators' denominators (config/access-rules.yaml, activity.*): managers
 * record, see and change every activity; supervisors those of their organisation; denominators are the
 * managers'. Each check on one activity makes it in SQL, held by organisation A or B.
 */

type Org = 'A' | 'B';

const activityFor = async (ctx: MatrixContext, org: Org): Promise<string> => {
  const organizationId = org === 'A' ? ctx.world.orgA.id : ctx.world.orgB.id;
  const [row] = await ctx.db.query<{ id: string }>(
    `INSERT INTO activities (kind, project, title, date, province_code, commune_code, organization_id, audience,
                             participants_female, created_by)
     VALUES ('awareness_session', 4, 'Ma trận', '2026-03-01', '01', '00004', $1, '{residents}', 10, $2)
     RETURNING id`,
    [organizationId, ctx.world.users.supervisor[org].id],
  );
  return row!.id;
};

const ACTIVITY = {
  kind: 'awareness_session',
  project: 4,
  title: 'Buổi truyền thông',
  date: '2026-03-01',
  provinceCode: '01',
  communeCode: '00004',
  audience: ['residents'],
  participants: { female: 10, male: 5, other: 0 },
};

const DENOMINATOR = { period: '2026-H1', provinceCode: '01', key: 'officials', value: 100 };

const RECORDERS: readonly RoleName[] = ['centre_manager', 'supervisor'];
const OTHER_ROLES = ROLE_NAMES.filter((r) => !RECORDERS.includes(r));

/** One activity (read or change): managers any, supervisors their organisation's; others as if missing. */
const oneChecks = (method: 'GET' | 'PATCH', ok: number): Check[] => {
  const check = (as: Check['as'], relation: string, org: Org, expect: number): Check => ({
    as,
    relation,
    method,
    path: async (ctx) => `/api/v1/activities/${await activityFor(ctx, org)}`,
    ...(method === 'PATCH' ? { body: { version: 1, title: 'Đã sửa' } } : {}),
    expect,
  });
  return [
    check('anonymous', 'not signed in', 'A', 401),
    check('centre_manager', 'same organisation', 'A', ok),
    check('centre_manager', 'other organisation', 'B', ok),
    check('supervisor', 'same organisation', 'A', ok),
    check('supervisor', 'other organisation', 'B', 404),
    ...OTHER_ROLES.map((role) => check(role, 'same organisation', 'A', 404)),
    {
      as: 'centre_manager',
      relation: 'no such activity',
      method,
      path: `/api/v1/activities/${randomUUID()}`,
      ...(method === 'PATCH' ? { body: { version: 1, title: 'Đã sửa' } } : {}),
      expect: 404,
    },
  ];
};

/** A route of no record: anonymous 401, `allowed` roles `ok`, the others 403. */
const roleChecks = (
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body: Record<string, unknown> | undefined,
  allowed: readonly RoleName[],
  ok: number,
): Check[] => [
  { as: 'anonymous', relation: 'not signed in', method, path, ...(body ? { body } : {}), expect: 401 },
  ...ROLE_NAMES.map((role): Check => ({
    as: role,
    relation: 'own organisation',
    method,
    path,
    ...(body ? { body } : {}),
    expect: allowed.includes(role) ? ok : 403,
  })),
];

export const ACTIVITIES_ROWS: Row[] = [
  {
    route: 'POST /api/v1/activities',
    access: 'policy',
    checks: roleChecks('POST', '/api/v1/activities', ACTIVITY, RECORDERS, 201),
  },
  {
    route: 'GET /api/v1/activities',
    access: 'policy',
    checks: roleChecks('GET', '/api/v1/activities', undefined, RECORDERS, 200),
  },
  { route: 'GET /api/v1/activities/:id', access: 'policy', checks: oneChecks('GET', 200) },
  { route: 'PATCH /api/v1/activities/:id', access: 'policy', checks: oneChecks('PATCH', 200) },
  {
    route: 'PUT /api/v1/indicator-denominators',
    access: 'policy',
    checks: roleChecks('PUT', '/api/v1/indicator-denominators', DENOMINATOR, ['centre_manager'], 200),
  },
  {
    route: 'GET /api/v1/indicator-denominators',
    access: 'policy',
    checks: roleChecks(
      'GET',
      '/api/v1/indicator-denominators?period=2026-H1&provinceCode=01',
      undefined,
      ['centre_manager'],
      200,
    ),
  },
];
