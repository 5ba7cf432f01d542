import { randomInt, randomUUID } from 'node:crypto';
import { ROLE_NAMES, RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';

/**
 * Follow-ups (config/access-rules.yaml: case.add_follow_up, follow_up.read/list/update, and case.read on
 * the follow-up's case). Each check makes its case and follow-up in SQL, in the relation it names: the
 * case held by organisation A (assigned to A's counsellor or not, restricted naming A's supervisor or
 * nobody, closed) or by B; the follow-up assigned to the case's assignee or to nobody (the supervisors').
 */

type Org = 'A' | 'B';

interface Setup {
  org?: Org;
  /** The case's assignee, also the follow-up's. */
  assignee?: RoleName;
  createdBy?: RoleName;
  restricted?: boolean;
  namedSupervisor?: boolean;
  closed?: boolean;
}

const orgId = (ctx: MatrixContext, org: Org): string => (org === 'A' ? ctx.world.orgA.id : ctx.world.orgB.id);

const caseFor = async (ctx: MatrixContext, setup: Setup): Promise<{ id: string; reference: string }> => {
  const org = setup.org ?? 'A';
  const reference = `MX-2026-${String(randomInt(1, 999_999_999)).padStart(9, '0')}`;
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
  return { id, reference };
};

const followUpFor = async (ctx: MatrixContext, setup: Setup): Promise<string> => {
  const c = await caseFor(ctx, setup);
  const org = setup.org ?? 'A';
  const [row] = await ctx.db.query<{ id: string }>(
    `INSERT INTO follow_ups (case_id, reference, organization_id, kind, due_at, assignee_id, next_reminder_at)
     VALUES ($1, $2, $3, 'call_back', now() + interval '1 day', $4, now() + interval '1 day') RETURNING id`,
    [c.id, c.reference, orgId(ctx, org), setup.assignee ? ctx.world.users[setup.assignee][org].id : null],
  );
  return row!.id;
};

const CASE_ROLES: readonly RoleName[] = ['hotline_operator', 'counsellor', 'supervisor'];
const NO_CASE_ROLES = ROLE_NAMES.filter((r) => !CASE_ROLES.includes(r));
const dueAt = (): string => new Date(Date.now() + 48 * 3_600_000).toISOString();

/** POST on a case: whoever may change the file (case.add_follow_up). */
const addChecks = (): Check[] => {
  const path = (setup: Setup) => async (ctx: MatrixContext) =>
    `/api/v1/cases/${(await caseFor(ctx, setup)).id}/follow-ups`;
  const post = (as: Check['as'], relation: string, setup: Setup, expect: number): Check => ({
    as,
    relation,
    method: 'POST',
    path: path(setup),
    body: () => ({ kind: 'call_back', dueAt: dueAt() }),
    expect,
  });
  return [
    post('anonymous', 'not signed in', {}, 401),
    post('hotline_operator', 'opened by me within 24 hours', { createdBy: 'hotline_operator' }, 201),
    post('hotline_operator', 'opened by another user', {}, 404),
    post('counsellor', 'assignee', { assignee: 'counsellor' }, 201),
    post('counsellor', 'not the assignee', {}, 404),
    post('counsellor', 'assignee, restricted', { assignee: 'counsellor', restricted: true }, 201),
    post('supervisor', 'same organisation', {}, 201),
    post('supervisor', 'other organisation', { org: 'B' }, 404),
    post('supervisor', 'restricted, not naming me', { restricted: true }, 404),
    post('supervisor', 'restricted, naming me', { restricted: true, namedSupervisor: true }, 201),
    post('supervisor', 'closed case', { closed: true }, 403),
    ...NO_CASE_ROLES.map((role) => post(role, 'same organisation', {}, 404)),
    {
      as: 'supervisor',
      relation: 'no such case',
      method: 'POST',
      path: `/api/v1/cases/${randomUUID()}/follow-ups`,
      body: { kind: 'call_back', dueAt: dueAt() },
      expect: 404,
    },
  ];
};

/**
 * A follow-up route (read, complete, reschedule): its assignee or the supervisors of the case's
 * organisation, and only while they may read the case.
 */
const followUpChecks = (
  suffix: string,
  method: 'GET' | 'POST',
  body: (() => Record<string, unknown>) | undefined,
  ok: number,
): Check[] => {
  const check = (as: Check['as'], relation: string, setup: Setup, expect: number): Check => ({
    as,
    relation,
    method,
    path: async (ctx) => `/api/v1/follow-ups/${await followUpFor(ctx, setup)}${suffix}`,
    ...(body ? { body } : {}),
    expect,
  });
  return [
    check('anonymous', 'not signed in', { assignee: 'counsellor' }, 401),
    check('counsellor', 'assignee', { assignee: 'counsellor' }, ok),
    check('counsellor', "not the assignee (the supervisors')", {}, 404),
    check('counsellor', 'assignee, restricted case', { assignee: 'counsellor', restricted: true }, ok),
    check('supervisor', 'same organisation', { assignee: 'counsellor' }, ok),
    check('supervisor', 'same organisation, no assignee', {}, ok),
    check('supervisor', 'other organisation', { org: 'B' }, 404),
    check('supervisor', 'restricted case, not naming me', { restricted: true }, 404),
    check('supervisor', 'restricted case, naming me', { restricted: true, namedSupervisor: true }, ok),
    check('hotline_operator', 'opened by me within 24 hours', { createdBy: 'hotline_operator' }, 404),
    ...NO_CASE_ROLES.map((role) => check(role, 'same organisation', {}, 404)),
    {
      as: 'supervisor',
      relation: 'no such follow-up',
      method,
      path: `/api/v1/follow-ups/${randomUUID()}${suffix}`,
      ...(body ? { body } : {}),
      expect: 404,
    },
  ];
};

export const FOLLOWUPS_ROWS: Row[] = [
  { route: 'POST /api/v1/cases/:id/follow-ups', access: 'policy', checks: addChecks() },
  {
    route: 'GET /api/v1/follow-ups',
    access: 'policy',
    checks: [
      { as: 'anonymous', relation: 'not signed in', path: '/api/v1/follow-ups', expect: 401 },
      ...ROLE_NAMES.map((role): Check => ({
        as: role,
        relation: 'mine',
        path: '/api/v1/follow-ups?scope=mine&due=week',
        expect: 200,
      })),
      ...ROLE_NAMES.map((role): Check => ({
        as: role,
        relation: 'my organisation',
        path: '/api/v1/follow-ups?scope=organization',
        expect: role === 'supervisor' ? 200 : 403,
      })),
    ],
  },
  {
    route: 'GET /api/v1/follow-ups/:id',
    access: 'policy',
    checks: followUpChecks('', 'GET', undefined, 200),
  },
  {
    route: 'POST /api/v1/follow-ups/:id/complete',
    access: 'policy',
    checks: followUpChecks('/complete', 'POST', () => ({ outcome: 'done' }), 200),
  },
  {
    route: 'POST /api/v1/follow-ups/:id/reschedule',
    access: 'policy',
    checks: followUpChecks('/reschedule', 'POST', () => ({ dueAt: dueAt(), reasonText: 'Hẹn lại' }), 200),
  },
];
