import { randomUUID } from 'node:crypto';
import { ROLE_NAMES, RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';

/**
 * Report runs (config/access-rules.yaml: report.create, report.read). Each check makes its run in SQL, in
 * the relation it names: asked for by the caller, by another manager or supervisor of organisation A, or
 * by organisation B's manager; done with a file, or still queued.
 */

const REPORT_ROLES: readonly RoleName[] = ['centre_manager', 'supervisor'];

interface Setup {
  by: RoleName;
  org?: 'A' | 'B';
  status?: 'done' | 'queued';
}

const runFor = async (ctx: MatrixContext, setup: Setup): Promise<string> => {
  const org = setup.org ?? 'A';
  const user = ctx.world.users[setup.by][org];
  const done = (setup.status ?? 'done') === 'done';
  const [row] = await ctx.db.query<{ id: string }>(
    `INSERT INTO report_runs (kind, period, province_code, format, status, requested_by, organization_id, coverage,
                              file_name, content_type, file, file_size, finished_at)
     VALUES ('monthly', '2026-07', '01', 'csv', $1, $2, $3, 'city',
             CASE WHEN $4 THEN 'bao-cao-thang-2026-07.csv' END, CASE WHEN $4 THEN 'text/csv; charset=utf-8' END,
             CASE WHEN $4 THEN '\\xefbbbf'::bytea END, CASE WHEN $4 THEN 3 END, CASE WHEN $4 THEN now() END)
     RETURNING id`,
    [done ? 'done' : 'queued', user.id, org === 'A' ? ctx.world.orgA.id : ctx.world.orgB.id, done],
  );
  return row!.id;
};

const BODY = { kind: 'monthly', period: '2026-07', scope: { provinceCode: '01' }, format: 'csv' };

/** The run's read, for every role and relation report.read distinguishes. */
const readChecks = (suffix: string): Check[] => {
  const path = (setup: Setup) => async (ctx: MatrixContext) =>
    `/api/v1/reports/${await runFor(ctx, setup)}${suffix}`;
  return [
    { as: 'anonymous', relation: 'not signed in', path: path({ by: 'centre_manager' }), expect: 401 },
    {
      as: 'centre_manager',
      relation: 'no such run',
      path: `/api/v1/reports/${randomUUID()}${suffix}`,
      expect: 404,
    },
    { as: 'centre_manager', relation: 'asked by me', path: path({ by: 'centre_manager' }), expect: 200 },
    {
      as: 'centre_manager',
      relation: "a supervisor's of my organisation",
      path: path({ by: 'supervisor' }),
      expect: 200,
    },
    {
      as: 'centre_manager',
      relation: 'other organisation',
      path: path({ by: 'centre_manager', org: 'B' }),
      expect: 404,
    },
    { as: 'supervisor', relation: 'asked by me', path: path({ by: 'supervisor' }), expect: 200 },
    {
      as: 'supervisor',
      relation: "the manager's of my organisation",
      path: path({ by: 'centre_manager' }),
      expect: 200,
    },
    {
      as: 'supervisor',
      relation: 'other organisation',
      path: path({ by: 'supervisor', org: 'B' }),
      expect: 404,
    },
    ...ROLE_NAMES.filter((r) => !REPORT_ROLES.includes(r)).map((role): Check => ({
      as: role,
      relation: "a manager's run of my organisation",
      path: path({ by: 'centre_manager' }),
      expect: 404,
    })),
  ];
};

export const REPORTS_ROWS: Row[] = [
  {
    route: 'POST /api/v1/reports',
    access: 'policy',
    checks: [
      {
        as: 'anonymous',
        relation: 'not signed in',
        method: 'POST',
        path: '/api/v1/reports',
        body: BODY,
        expect: 401,
      },
      ...ROLE_NAMES.map((role): Check => ({
        as: role,
        relation: 'own organisation',
        method: 'POST',
        path: '/api/v1/reports',
        body: BODY,
        expect: REPORT_ROLES.includes(role) ? 202 : 403,
      })),
    ],
  },
  {
    route: 'GET /api/v1/reports',
    access: 'policy',
    checks: [
      { as: 'anonymous', relation: 'not signed in', path: '/api/v1/reports', expect: 401 },
      ...ROLE_NAMES.map((role): Check => ({
        as: role,
        relation: 'own organisation',
        path: '/api/v1/reports',
        expect: REPORT_ROLES.includes(role) ? 200 : 403,
      })),
    ],
  },
  { route: 'GET /api/v1/reports/:id', access: 'policy', checks: readChecks('') },
  {
    route: 'GET /api/v1/reports/:id/file',
    access: 'policy',
    checks: [
      ...readChecks('/file'),
      {
        as: 'centre_manager',
        relation: 'asked by me, still queued',
        path: async (ctx) =>
          `/api/v1/reports/${await runFor(ctx, { by: 'centre_manager', status: 'queued' })}/file`,
        expect: 409,
      },
    ],
  },
];
