import { randomInt, randomUUID } from 'node:crypto';
import { ROLE_NAMES, RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';

/**
 * The call log (config/access-rules.yaml, call.*, case.read_calls): operators, counsellors and supervisors
 * log calls; each sees and corrects their own, supervisors every call of their organisation; a case's calls
 * go to whoever may read the case. Each check makes its call (and case) in SQL.
 */

type Org = 'A' | 'B';

const orgId = (ctx: MatrixContext, org: Org): string => (org === 'A' ? ctx.world.orgA.id : ctx.world.orgB.id);

const callFor = async (ctx: MatrixContext, org: Org, operator: RoleName): Promise<string> => {
  const [row] = await ctx.db.query<{ id: string }>(
    `INSERT INTO calls (organization_id, operator_id, started_at, duration_seconds, channel, category, outcome,
                        record_key)
     VALUES ($1, $2, now() - interval '2 minutes', 90, 'hotline', 'silent', 'call_dropped', $3) RETURNING id`,
    [orgId(ctx, org), ctx.world.users[operator][org].id, randomInt(0, 2 ** 31 - 1)],
  );
  return row!.id;
};

const caseFor = async (ctx: MatrixContext, org: Org, assignee?: RoleName): Promise<string> => {
  const reference = `CL-2026-${String(randomInt(1, 999_999_999)).padStart(9, '0')}`;
  const [c] = await ctx.db.query<{ id: string }>(
    `INSERT INTO cases (reference, organization_id, channel, received_at, status, assignee_id, restricted,
                        created_by, record_key)
     VALUES ($1, $2, 'hotline', now(), 'in_progress', $3, false, $4, $5) RETURNING id`,
    [
      reference,
      orgId(ctx, org),
      assignee ? ctx.world.users[assignee][org].id : null,
      ctx.world.users.supervisor[org].id,
      randomInt(0, 2 ** 31 - 1),
    ],
  );
  await ctx.db.query(`INSERT INTO survivors (case_id, sex) VALUES ($1, 'female')`, [c!.id]);
  return c!.id;
};

const CALL = { category: 'silent', outcome: 'call_dropped', durationSeconds: 40 };
const TAKERS: readonly RoleName[] = ['hotline_operator', 'counsellor', 'supervisor'];
const OTHER_ROLES = ROLE_NAMES.filter((r) => !TAKERS.includes(r));

/** One call: its operator and the organisation's supervisors; another operator or organisation, 404. */
const oneChecks = (method: 'GET' | 'PATCH'): Check[] => {
  const body = method === 'PATCH' ? { body: { version: 1, category: 'other' } } : {};
  const check = (as: Check['as'], relation: string, org: Org, by: RoleName, expect: number): Check => ({
    as,
    relation,
    method,
    path: async (ctx) => `/api/v1/calls/${await callFor(ctx, org, by)}`,
    ...body,
    expect,
  });
  return [
    check('anonymous', 'not signed in', 'A', 'hotline_operator', 401),
    check('hotline_operator', 'own call', 'A', 'hotline_operator', 200),
    check('hotline_operator', "a colleague's call", 'A', 'counsellor', 404),
    check('counsellor', 'own call', 'A', 'counsellor', 200),
    check('supervisor', 'same organisation', 'A', 'hotline_operator', 200),
    check('supervisor', 'other organisation', 'B', 'hotline_operator', 404),
    ...OTHER_ROLES.map((role) => check(role, 'same organisation', 'A', 'hotline_operator', 404)),
    {
      as: 'supervisor',
      relation: 'no such call',
      method,
      path: `/api/v1/calls/${randomUUID()}`,
      ...body,
      expect: 404,
    },
  ];
};

const roleChecks = (method: 'GET' | 'POST', path: string, body?: Record<string, unknown>): Check[] => [
  { as: 'anonymous', relation: 'not signed in', method, path, ...(body ? { body } : {}), expect: 401 },
  ...ROLE_NAMES.map((role): Check => ({
    as: role,
    relation: 'own organisation',
    method,
    path,
    ...(body ? { body } : {}),
    expect: TAKERS.includes(role) ? (method === 'POST' ? 201 : 200) : 403,
  })),
];

/** A case's calls: whoever may read the case (case.read); others as if the case did not exist. */
const caseCallsChecks = (): Check[] => {
  const path =
    (org: Org, assignee?: RoleName) =>
    async (ctx: MatrixContext): Promise<string> =>
      `/api/v1/cases/${await caseFor(ctx, org, assignee)}/calls`;
  return [
    { as: 'anonymous', relation: 'not signed in', path: path('A'), expect: 401 },
    { as: 'counsellor', relation: 'assigned to me', path: path('A', 'counsellor'), expect: 200 },
    { as: 'counsellor', relation: 'not assigned to me', path: path('A'), expect: 404 },
    { as: 'supervisor', relation: 'same organisation', path: path('A'), expect: 200 },
    { as: 'supervisor', relation: 'other organisation', path: path('B'), expect: 404 },
    { as: 'hotline_operator', relation: 'opened by someone else', path: path('A'), expect: 404 },
    ...OTHER_ROLES.map((as): Check => ({ as, relation: 'same organisation', path: path('A'), expect: 404 })),
    { as: 'supervisor', relation: 'no such case', path: `/api/v1/cases/${randomUUID()}/calls`, expect: 404 },
  ];
};

export const CALLS_ROWS: Row[] = [
  { route: 'POST /api/v1/calls', access: 'policy', checks: roleChecks('POST', '/api/v1/calls', CALL) },
  { route: 'GET /api/v1/calls', access: 'policy', checks: roleChecks('GET', '/api/v1/calls') },
  { route: 'GET /api/v1/calls/:id', access: 'policy', checks: oneChecks('GET') },
  { route: 'PATCH /api/v1/calls/:id', access: 'policy', checks: oneChecks('PATCH') },
  { route: 'GET /api/v1/cases/:id/calls', access: 'policy', checks: caseCallsChecks() },
];
