import { randomInt, randomUUID } from 'node:crypto';
import { ROLE_NAMES, RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';

/**
 * The case work of issue 15 on the file (src/modules/cases/case-work.controller.ts): the safety plan,
 * the services given and the incident's correction, decided as the file is (case.read, case.update).
 * Cases are made in SQL in the relation each check names, as cases.rows.ts does.
 */

interface Setup {
  org?: 'A' | 'B';
  createdBy?: RoleName;
  assignee?: RoleName;
  restricted?: boolean;
}

interface MadeCase {
  id: string;
  incidentId: string;
  organizationId: string;
  createdBy: string;
}

async function caseFor(ctx: MatrixContext, s: Setup): Promise<MadeCase> {
  const org = s.org ?? 'A';
  const organizationId = org === 'A' ? ctx.world.orgA.id : ctx.world.orgB.id;
  const createdBy = ctx.world.users[s.createdBy ?? 'supervisor'][org].id;
  const assigneeId = s.assignee ? ctx.world.users[s.assignee][org].id : null;
  const [row] = await ctx.db.query<{ id: string }>(
    `INSERT INTO cases (reference, organization_id, channel, received_at, status, assignee_id, restricted,
                        created_by, record_key)
     VALUES ($1, $2, 'hotline', now(), 'intake', $3, $4, $5, $6) RETURNING id`,
    [
      `MW-2026-${String(randomInt(1, 999_999_999)).padStart(9, '0')}`,
      organizationId,
      assigneeId,
      s.restricted ?? false,
      createdBy,
      randomInt(0, 2 ** 31 - 1),
    ],
  );
  const id = row!.id;
  await ctx.db.query(`INSERT INTO survivors (case_id, sex) VALUES ($1, 'female')`, [id]);
  const [incident] = await ctx.db.query<{ id: string }>(
    `INSERT INTO incidents (case_id, violence_types, created_by) VALUES ($1, '{physical_assault}', $2) RETURNING id`,
    [id, createdBy],
  );
  return { id, incidentId: incident!.id, organizationId, createdBy };
}

type Suffix = string | ((ctx: MatrixContext, c: MadeCase) => Promise<string>);

const withPlan = async (ctx: MatrixContext, c: MadeCase): Promise<string> => {
  await ctx.db.query(
    `INSERT INTO safety_plans (case_id, version, created_by, updated_by, reviewed_by) VALUES ($1, 1, $2, $2, $2)`,
    [c.id, c.createdBy],
  );
  return '/safety-plan/review';
};

const withService =
  (suffix: string) =>
  async (ctx: MatrixContext, c: MadeCase): Promise<string> => {
    const [row] = await ctx.db.query<{ id: string }>(
      `INSERT INTO case_services (case_id, service_key, given_on, given_by, organization_id, recorded_by)
       VALUES ($1, 'legal_aid', current_date, $2, $3, $2) RETURNING id`,
      [c.id, c.createdBy, c.organizationId],
    );
    return `/services/${row!.id}${suffix}`;
  };

const withIncident = (_ctx: MatrixContext, c: MadeCase): Promise<string> =>
  Promise.resolve(`/incidents/${c.incidentId}`);

const RELATIONS: { as: RoleName; relation: string; setup: Setup; allowed: boolean }[] = [
  { as: 'supervisor', relation: 'same organisation', setup: {}, allowed: true },
  { as: 'supervisor', relation: 'other organisation', setup: { org: 'B' }, allowed: false },
  { as: 'supervisor', relation: 'restricted, not naming me', setup: { restricted: true }, allowed: false },
  { as: 'counsellor', relation: 'assigned to me', setup: { assignee: 'counsellor' }, allowed: true },
  { as: 'counsellor', relation: 'not assigned to me', setup: {}, allowed: false },
  {
    as: 'hotline_operator',
    relation: 'opened by me within 24 hours',
    setup: { createdBy: 'hotline_operator' },
    allowed: true,
  },
];
const CASE_ROLES: readonly RoleName[] = ['hotline_operator', 'counsellor', 'supervisor'];
const NO_CASE_ROLES = ROLE_NAMES.filter((r) => !CASE_ROLES.includes(r));

/** A route of the file's case work: anonymous 401; the relations above; every other role 404. */
function route(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  template: string,
  suffix: Suffix,
  body: Check['body'],
  ok: number,
): Row {
  const path =
    (s: Setup) =>
    async (ctx: MatrixContext): Promise<string> => {
      const c = await caseFor(ctx, s);
      return `/api/v1/cases/${c.id}${typeof suffix === 'string' ? suffix : await suffix(ctx, c)}`;
    };
  const checks: Check[] = [
    {
      as: 'anonymous',
      relation: 'not signed in',
      method,
      path: `/api/v1/cases/${randomUUID()}${template.replace(/:[a-zA-Z]+/g, randomUUID())}`,
      ...(body ? { body } : {}),
      expect: 401,
    },
    ...RELATIONS.map((r): Check => ({
      as: r.as,
      relation: r.relation,
      method,
      path: path(r.setup),
      ...(body ? { body } : {}),
      expect: r.allowed ? ok : 404,
    })),
    ...NO_CASE_ROLES.map((role): Check => ({
      as: role,
      relation: 'same organisation',
      method,
      path: path({}),
      ...(body ? { body } : {}),
      expect: 404,
    })),
  ];
  return { route: `${method} /api/v1/cases/:id${template}`, access: 'policy', checks };
}

const PLAN = {
  version: 0,
  warningSigns: '',
  safePlaces: '',
  trustedPeople: [],
  leavingItems: ['identity_documents'],
  leavingOther: '',
  emergencyNumbers: [{ label: 'Công an', number: '113' }],
  steps: 'Gọi 113',
};
const today = (): string => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

export const CASE_WORK_ROWS: Row[] = [
  route('GET', '/safety-plan', '/safety-plan', undefined, 200),
  route('PUT', '/safety-plan', '/safety-plan', PLAN, 200),
  route('POST', '/safety-plan/review', withPlan, undefined, 200),
  route('GET', '/safety-plan/history', '/safety-plan/history', undefined, 200),
  route('POST', '/services', '/services', () => ({ service: 'legal_aid', givenOn: today() }), 201),
  route('GET', '/services', '/services', undefined, 200),
  route('PATCH', '/services/:serviceId', withService(''), { version: 1, service: 'shelter' }, 200),
  route(
    'POST',
    '/services/:serviceId/remove',
    withService('/remove'),
    { version: 1, reason: 'mistaken' },
    200,
  ),
  route('PATCH', '/incidents/:incidentId', withIncident, { version: 1, placeType: 'home' }, 200),
];
