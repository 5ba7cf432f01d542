import { randomInt, randomUUID } from 'node:crypto';
import { ROLE_NAMES, RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';

/**
 * Case intake and the case file (config/access-rules.yaml, case.*). Cases are made for each check in
 * SQL, in the relation the check names: opened by the operator of organisation A within 24 hours,
 * assigned to the counsellor of A, held by organisation B, restricted (naming the supervisor of A or
 * nobody), with the counsellor's break-glass active or expired.
 */

interface CaseSetup {
  org?: 'A' | 'B';
  createdBy?: RoleName;
  assignee?: RoleName;
  restricted?: boolean;
  namedSupervisor?: boolean;
  breakGlass?: 'active' | 'expired';
}

const caseFor = async (ctx: MatrixContext, setup: CaseSetup = {}): Promise<string> => {
  const org = setup.org ?? 'A';
  const organizationId = org === 'A' ? ctx.world.orgA.id : ctx.world.orgB.id;
  const createdBy = ctx.world.users[setup.createdBy ?? 'supervisor'][org].id;
  const assigneeId = setup.assignee ? ctx.world.users[setup.assignee][org].id : null;
  const [row] = await ctx.db.query<{ id: string }>(
    `INSERT INTO cases (reference, organization_id, channel, received_at, status, assignee_id, restricted,
                        created_by, record_key)
     VALUES ($1, $2, 'hotline', now(), 'intake', $3, $4, $5, $6) RETURNING id`,
    [
      `MX-2026-${String(randomInt(1, 999_999_999)).padStart(9, '0')}`,
      organizationId,
      assigneeId,
      setup.restricted ?? false,
      createdBy,
      randomInt(0, 2 ** 31 - 1),
    ],
  );
  const id = row!.id;
  await ctx.db.query(`INSERT INTO survivors (case_id, sex) VALUES ($1, 'female')`, [id]);
  await ctx.db.query(
    `INSERT INTO incidents (case_id, violence_types, created_by) VALUES ($1, '{physical_assault}', $2)`,
    [id, createdBy],
  );
  if (setup.namedSupervisor) {
    await ctx.db.query(`INSERT INTO case_restricted_supervisors (case_id, user_id) VALUES ($1, $2)`, [
      id,
      ctx.world.users.supervisor.A.id,
    ]);
  }
  if (setup.breakGlass) {
    await ctx.db.query(
      `INSERT INTO break_glass_grants (user_id, case_id, organization_id, reason_text_enc, granted_at, expires_at)
       VALUES ($1, $2, $3, 'v1.none', now() - interval '5 hours',
               CASE WHEN $4 THEN now() + interval '1 hour' ELSE now() - interval '1 hour' END)`,
      [ctx.world.users.counsellor.A.id, id, organizationId, setup.breakGlass === 'active'],
    );
  }
  return id;
};

const CASE_ROLES: readonly RoleName[] = ['hotline_operator', 'counsellor', 'supervisor'];
const NO_CASE_ROLES = ROLE_NAMES.filter((r) => !CASE_ROLES.includes(r));

const INTAKE = {
  channel: 'hotline',
  survivor: { sex: 'female' },
  incident: { violenceTypes: ['physical_assault'] },
};

const casePath = (setup: CaseSetup) => async (ctx: MatrixContext) =>
  `/api/v1/cases/${await caseFor(ctx, setup)}`;

/** The single read, for every role and relation the rules distinguish. */
const readChecks: Check[] = [
  { as: 'anonymous', relation: 'not signed in', path: casePath({}), expect: 401 },
  { as: 'supervisor', relation: 'no such case', path: `/api/v1/cases/${randomUUID()}`, expect: 404 },
  {
    as: 'hotline_operator',
    relation: 'opened by me within 24 hours',
    path: casePath({ createdBy: 'hotline_operator' }),
    expect: 200,
  },
  {
    as: 'hotline_operator',
    relation: 'opened by another user',
    path: casePath({ createdBy: 'supervisor' }),
    expect: 404,
  },
  {
    as: 'hotline_operator',
    relation: 'opened by me, restricted',
    path: casePath({ createdBy: 'hotline_operator', restricted: true }),
    expect: 404,
  },
  { as: 'counsellor', relation: 'assigned to me', path: casePath({ assignee: 'counsellor' }), expect: 200 },
  { as: 'counsellor', relation: 'not assigned to me', path: casePath({}), expect: 404 },
  {
    as: 'counsellor',
    relation: 'assigned to me, restricted',
    path: casePath({ assignee: 'counsellor', restricted: true }),
    expect: 200,
  },
  { as: 'counsellor', relation: 'break-glass active', path: casePath({ breakGlass: 'active' }), expect: 200 },
  {
    as: 'counsellor',
    relation: 'break-glass expired',
    path: casePath({ breakGlass: 'expired' }),
    expect: 404,
  },
  {
    as: 'counsellor',
    relation: 'break-glass active, restricted',
    path: casePath({ breakGlass: 'active', restricted: true }),
    expect: 404,
  },
  { as: 'supervisor', relation: 'same organisation', path: casePath({}), expect: 200 },
  { as: 'supervisor', relation: 'other organisation', path: casePath({ org: 'B' }), expect: 404 },
  {
    as: 'supervisor',
    relation: 'restricted, not naming me',
    path: casePath({ restricted: true }),
    expect: 404,
  },
  {
    as: 'supervisor',
    relation: 'restricted, naming me',
    path: casePath({ restricted: true, namedSupervisor: true }),
    expect: 200,
  },
  ...NO_CASE_ROLES.map((role): Check => ({
    as: role,
    relation: 'same organisation',
    path: casePath({}),
    expect: 404,
  })),
];

export const CASES_ROWS: Row[] = [
  {
    route: 'POST /api/v1/cases',
    access: 'policy',
    checks: [
      {
        as: 'anonymous',
        relation: 'not signed in',
        method: 'POST',
        path: '/api/v1/cases',
        body: INTAKE,
        expect: 401,
      },
      ...ROLE_NAMES.map((role): Check => ({
        as: role,
        relation: 'own organisation',
        method: 'POST',
        path: '/api/v1/cases',
        body: INTAKE,
        expect: CASE_ROLES.includes(role) ? 201 : 403,
      })),
      {
        as: 'supervisor',
        relation: 'other organisation',
        method: 'POST',
        path: '/api/v1/cases',
        body: (ctx) => ({ ...INTAKE, organizationId: ctx.world.orgB.id }),
        expect: 403,
      },
    ],
  },
  {
    route: 'GET /api/v1/cases',
    access: 'policy',
    checks: [
      { as: 'anonymous', relation: 'not signed in', path: '/api/v1/cases', expect: 401 },
      ...ROLE_NAMES.map((role): Check => ({
        as: role,
        relation: 'own organisation',
        path: '/api/v1/cases?assignee=none',
        expect: CASE_ROLES.includes(role) ? 200 : 403,
      })),
    ],
  },
  {
    route: 'POST /api/v1/cases/search',
    access: 'policy',
    checks: [
      {
        as: 'anonymous',
        relation: 'not signed in',
        method: 'POST',
        path: '/api/v1/cases/search',
        body: { phone: '0912345678' },
        expect: 401,
      },
      ...ROLE_NAMES.map((role): Check => ({
        as: role,
        relation: 'own organisation',
        method: 'POST',
        path: '/api/v1/cases/search',
        body: { phone: '0912345678' },
        expect: CASE_ROLES.includes(role) ? 200 : 403,
      })),
    ],
  },
  { route: 'GET /api/v1/cases/:id', access: 'policy', checks: readChecks },
];
