import { randomInt, randomUUID } from 'node:crypto';
import { ROLE_NAMES, RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';

/**
 * The case plan (config/access-rules.yaml: case.read_plan, case.edit_plan, case.approve_plan; the plan
 * approvals list is the supervisors'). Each check makes its case (and plan) in SQL, in the relation it
 * names: the case held by organisation A (assigned to A's counsellor or not, restricted naming A's
 * supervisor or nobody, closed) or by B. A plan awaiting a decision was submitted by another user than
 * the caller (four eyes is the plans module's own check, tested in plans.e2e-spec.ts).
 */

type Org = 'A' | 'B';

interface Setup {
  org?: Org;
  assignee?: RoleName;
  createdBy?: RoleName;
  restricted?: boolean;
  namedSupervisor?: boolean;
  closed?: boolean;
}

const orgId = (ctx: MatrixContext, org: Org): string => (org === 'A' ? ctx.world.orgA.id : ctx.world.orgB.id);

const caseFor = async (ctx: MatrixContext, setup: Setup): Promise<string> => {
  const org = setup.org ?? 'A';
  const reference = `MP-2026-${String(randomInt(1, 999_999_999)).padStart(9, '0')}`;
  const [row] = await ctx.db.query<{ id: string }>(
    `INSERT INTO cases (reference, organization_id, channel, received_at, status, assignee_id, restricted,
                        created_by, record_key)
     VALUES ($1, $2, 'hotline', now(), $3, $4, $5, $6, $7) RETURNING id`,
    [
      reference,
      orgId(ctx, org),
      setup.closed ? 'closed' : 'in_progress',
      setup.assignee ? ctx.world.users[setup.assignee][org].id : null,
      setup.restricted ?? false,
      ctx.world.users[setup.createdBy ?? 'supervisor'][org].id,
      randomInt(0, 2 ** 31 - 1),
    ],
  );
  const id = row!.id;
  await ctx.db.query(`INSERT INTO survivors (case_id, sex) VALUES ($1, 'female')`, [id]);
  if (setup.namedSupervisor) {
    await ctx.db.query(`INSERT INTO case_restricted_supervisors (case_id, user_id) VALUES ($1, $2)`, [
      id,
      ctx.world.users.supervisor.A.id,
    ]);
  }
  return id;
};

/** A plan of a new case in `status` with one goal and one action; its case, plan and action ids. */
const planFor = async (
  ctx: MatrixContext,
  setup: Setup,
  status: 'draft' | 'submitted' | 'approved',
): Promise<{ caseId: string; planId: string; actionId: string }> => {
  const caseId = await caseFor(ctx, setup);
  // Submitted by a user who is none of the callers (the four-eyes check never decides here).
  const submitter = ctx.world.users.counsellor.B.id;
  const [plan] = await ctx.db.query<{ id: string }>(
    `INSERT INTO case_plans (case_id, version_no, status, submitted_by, submitted_at, created_by)
     VALUES ($1, 1, $2, $3, $4, $5) RETURNING id`,
    [
      caseId,
      status,
      status === 'draft' ? null : submitter,
      status === 'draft' ? null : new Date(),
      submitter,
    ],
  );
  const [goal] = await ctx.db.query<{ id: string }>(
    `INSERT INTO case_plan_goals (plan_id, case_id, position, needs_area) VALUES ($1, $2, 0, 'safety') RETURNING id`,
    [plan!.id, caseId],
  );
  const [action] = await ctx.db.query<{ id: string }>(
    `INSERT INTO case_plan_actions (plan_id, goal_id, case_id, position, service, performer)
     VALUES ($1, $2, $3, 0, 'shelter', 'counsellor') RETURNING id`,
    [plan!.id, goal!.id, caseId],
  );
  return { caseId, planId: plan!.id, actionId: action!.id };
};

const CASE_ROLES: readonly RoleName[] = ['hotline_operator', 'counsellor', 'supervisor'];
const NO_CASE_ROLES = ROLE_NAMES.filter((r) => !CASE_ROLES.includes(r));

type Target = (ctx: MatrixContext, setup: Setup) => Promise<string>;

/** One route's checks: who may, by relation to the case. `ok` for the allowed ones, `refused` per relation. */
function checksOf(
  method: Check['method'],
  target: Target,
  body: Check['body'],
  ok: number,
  who: 'read' | 'edit' | 'approve',
): Check[] {
  const check = (as: Check['as'], relation: string, setup: Setup, expect: number): Check => ({
    as,
    relation,
    ...(method ? { method } : {}),
    path: (ctx) => target(ctx, setup),
    ...(body !== undefined ? { body } : {}),
    expect,
  });
  // What a caller who reads the case but may not do this gets: 403 (the case is visible).
  const counsellorOk = who === 'approve' ? 403 : ok;
  return [
    check('anonymous', 'not signed in', { assignee: 'counsellor' }, 401),
    check('counsellor', 'assignee', { assignee: 'counsellor' }, counsellorOk),
    check('counsellor', 'not the assignee', {}, 404),
    check('supervisor', 'same organisation', { assignee: 'counsellor' }, ok),
    check('supervisor', 'other organisation', { org: 'B' }, 404),
    check('supervisor', 'restricted, not naming me', { restricted: true }, 404),
    check('supervisor', 'restricted, naming me', { restricted: true, namedSupervisor: true }, ok),
    check('supervisor', 'closed case', { closed: true }, who === 'read' ? ok : 403),
    check(
      'hotline_operator',
      'opened by me within 24 hours',
      { createdBy: 'hotline_operator' },
      who === 'read' ? ok : 403,
    ),
    ...NO_CASE_ROLES.map((role) => check(role, 'same organisation', {}, 404)),
  ];
}

const casePath =
  (suffix: string): Target =>
  async (ctx, setup) =>
    `/api/v1/cases/${await caseFor(ctx, setup)}/plan${suffix}`;
const planPath =
  (
    status: 'draft' | 'submitted' | 'approved',
    suffix: (p: { planId: string; actionId: string }) => string,
  ): Target =>
  async (ctx, setup) => {
    const p = await planFor(ctx, setup, status);
    return `/api/v1/cases/${p.caseId}/plan${suffix(p)}`;
  };

const GOALS = [
  { needsArea: 'safety', text: 'An toàn', actions: [{ service: 'shelter', performer: 'counsellor' }] },
];

export const PLANS_ROWS: Row[] = [
  {
    route: 'GET /api/v1/cases/:id/plan',
    access: 'policy',
    checks: checksOf(undefined, casePath(''), undefined, 200, 'read'),
  },
  {
    route: 'GET /api/v1/cases/:id/plan/versions',
    access: 'policy',
    checks: checksOf(undefined, casePath('/versions'), undefined, 200, 'read'),
  },
  {
    route: 'GET /api/v1/cases/:id/plan/versions/:planId',
    access: 'policy',
    checks: [
      ...checksOf(
        undefined,
        planPath('approved', (p) => `/versions/${p.planId}`),
        undefined,
        200,
        'read',
      ),
      {
        as: 'supervisor',
        relation: 'no such plan',
        path: async (ctx) => `/api/v1/cases/${await caseFor(ctx, {})}/plan/versions/${randomUUID()}`,
        expect: 404,
      },
    ],
  },
  {
    route: 'POST /api/v1/cases/:id/plan',
    access: 'policy',
    checks: checksOf('POST', casePath(''), undefined, 201, 'edit'),
  },
  {
    route: 'PUT /api/v1/cases/:id/plan/:planId',
    access: 'policy',
    checks: checksOf(
      'PUT',
      planPath('draft', (p) => `/${p.planId}`),
      { version: 1, goals: GOALS },
      200,
      'edit',
    ),
  },
  {
    route: 'POST /api/v1/cases/:id/plan/:planId/submit',
    access: 'policy',
    checks: checksOf(
      'POST',
      planPath('draft', (p) => `/${p.planId}/submit`),
      { version: 1 },
      200,
      'edit',
    ),
  },
  {
    route: 'POST /api/v1/cases/:id/plan/:planId/approve',
    access: 'policy',
    checks: checksOf(
      'POST',
      planPath('submitted', (p) => `/${p.planId}/approve`),
      { version: 1 },
      200,
      'approve',
    ),
  },
  {
    route: 'POST /api/v1/cases/:id/plan/:planId/return',
    access: 'policy',
    checks: checksOf(
      'POST',
      planPath('submitted', (p) => `/${p.planId}/return`),
      { version: 1, reason: 'Cần thêm mục tiêu' },
      200,
      'approve',
    ),
  },
  {
    route: 'PATCH /api/v1/cases/:id/plan/actions/:actionId',
    access: 'policy',
    checks: checksOf(
      'PATCH',
      planPath('approved', (p) => `/actions/${p.actionId}`),
      { version: 1, status: 'in_progress' },
      200,
      'edit',
    ),
  },
  {
    route: 'GET /api/v1/plan-approvals',
    access: 'roles',
    checks: [
      { as: 'anonymous', relation: 'not signed in', path: '/api/v1/plan-approvals', expect: 401 },
      ...ROLE_NAMES.map((role): Check => ({
        as: role,
        relation: 'my organisation',
        path: '/api/v1/plan-approvals',
        expect: role === 'supervisor' ? 200 : 403,
      })),
    ],
  },
];
