import { randomInt, randomUUID } from 'node:crypto';
import { ROLE_NAMES, RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';

/**
 * Assessments (config/access-rules.yaml: case.read reads them, case.update starts, fills and completes
 * them; the forms are for the roles that work on case files). Each check makes its own case in SQL, in
 * the relation it names, and for the routes on one assessment a draft of the needs form (version 1,
 * recorded at the matrix API's start-up) without answers.
 */

type Org = 'A' | 'B';

interface CaseSetup {
  caseOrg?: Org;
  assignee?: RoleName;
  createdBy?: RoleName;
  restricted?: boolean;
}

const orgId = (ctx: MatrixContext, org: Org): string => (org === 'A' ? ctx.world.orgA.id : ctx.world.orgB.id);

const caseOf = async (ctx: MatrixContext, setup: CaseSetup): Promise<string> => {
  const org = setup.caseOrg ?? 'A';
  const [c] = await ctx.db.query<{ id: string }>(
    `INSERT INTO cases (reference, organization_id, channel, received_at, status, assignee_id, restricted,
                        created_by, record_key)
     VALUES ($1, $2, 'hotline', now(), 'in_progress', $3, $4, $5, $6) RETURNING id`,
    [
      `AS-2026-${String(randomInt(1, 999_999_999)).padStart(9, '0')}`,
      orgId(ctx, org),
      setup.assignee ? ctx.world.users[setup.assignee][org].id : null,
      setup.restricted ?? false,
      ctx.world.users[setup.createdBy ?? 'supervisor'][org].id,
      randomInt(0, 2 ** 31 - 1),
    ],
  );
  await ctx.db.query(`INSERT INTO survivors (case_id, sex) VALUES ($1, 'female')`, [c!.id]);
  return c!.id;
};

/** `/api/v1/cases/:id/assessments` of a new case; with `draft`, `/…/:assessmentId` of a new draft. */
const pathOf =
  (setup: CaseSetup, draft: boolean, suffix = '') =>
  async (ctx: MatrixContext): Promise<string> => {
    const caseId = await caseOf(ctx, setup);
    if (!draft) return `/api/v1/cases/${caseId}/assessments`;
    const by = ctx.world.users.supervisor[setup.caseOrg ?? 'A'].id;
    const [a] = await ctx.db.query<{ id: string }>(
      `INSERT INTO assessments (case_id, form_key, form_version, created_by, updated_by)
       VALUES ($1, 'needs', 1, $2, $2) RETURNING id`,
      [caseId, by],
    );
    return `/api/v1/cases/${caseId}/assessments/${a!.id}${suffix}`;
  };

const CASE_ROLES: readonly RoleName[] = ['hotline_operator', 'counsellor', 'supervisor'];
const NO_CASE_ROLES = ROLE_NAMES.filter((r) => !CASE_ROLES.includes(r));

/**
 * A route on a case's assessments: anonymous 401, no such case 404, the case relations the rules tell
 * apart, and every role that never reads a case file 404 (the case is hidden from them).
 */
function caseRoute(
  method: 'GET' | 'POST' | 'PATCH',
  route: string,
  draft: boolean,
  suffix: string,
  ok: number,
  body?: Record<string, unknown>,
): Row {
  const relations: [RoleName, string, CaseSetup, number][] = [
    ['supervisor', 'same organisation', {}, ok],
    ['supervisor', 'other organisation', { caseOrg: 'B' }, 404],
    ['supervisor', 'restricted, not naming me', { restricted: true }, 404],
    ['counsellor', 'assigned to me', { assignee: 'counsellor' }, ok],
    ['counsellor', 'not assigned to me', {}, 404],
    ['hotline_operator', 'opened by me within 24 hours', { createdBy: 'hotline_operator' }, ok],
    ['hotline_operator', 'opened by another user', {}, 404],
  ];
  const b = body ? { body } : {};
  const nowhere = draft
    ? `/api/v1/cases/${randomUUID()}/assessments/${randomUUID()}${suffix}`
    : `/api/v1/cases/${randomUUID()}/assessments`;
  const checks: Check[] = [
    { as: 'anonymous', relation: 'not signed in', method, path: nowhere, ...b, expect: 401 },
    { as: 'supervisor', relation: 'no such case', method, path: nowhere, ...b, expect: 404 },
    ...relations.map(([as, relation, setup, expect]): Check => ({
      as,
      relation,
      method,
      path: pathOf(setup, draft, suffix),
      ...b,
      expect,
    })),
    ...NO_CASE_ROLES.map((as): Check => ({
      as,
      relation: 'same organisation',
      method,
      path: pathOf({}, draft, suffix),
      ...b,
      expect: 404,
    })),
  ];
  if (draft) {
    checks.push({
      as: 'supervisor',
      relation: 'no such assessment of the case',
      method,
      path: async (ctx) => `${await pathOf({}, false)(ctx)}/${randomUUID()}${suffix}`,
      ...b,
      expect: 404,
    });
  }
  return { route, access: 'policy', checks };
}

/** The forms: the roles that work on case files; everyone else 403. */
const formsRow = (route: string, path: string): Row => ({
  route,
  access: 'roles',
  checks: [
    { as: 'anonymous', relation: 'not signed in', path, expect: 401 },
    ...ROLE_NAMES.map((as): Check => ({
      as,
      relation: 'any',
      path,
      expect: CASE_ROLES.includes(as) ? 200 : 403,
    })),
  ],
});

export const ASSESSMENTS_ROWS: Row[] = [
  formsRow('GET /api/v1/forms', '/api/v1/forms'),
  formsRow('GET /api/v1/forms/:key/versions/:version', '/api/v1/forms/needs/versions/1'),
  caseRoute('POST', 'POST /api/v1/cases/:id/assessments', false, '', 201, { formKey: 'needs' }),
  caseRoute('GET', 'GET /api/v1/cases/:id/assessments', false, '', 200),
  caseRoute('GET', 'GET /api/v1/cases/:id/assessments/:assessmentId', true, '', 200),
  caseRoute('PATCH', 'PATCH /api/v1/cases/:id/assessments/:assessmentId', true, '', 200, {
    answers: { safety_need: false },
    version: 1,
  }),
  // A draft without answers: the callers who may complete it hear which required answers are missing.
  caseRoute('POST', 'POST /api/v1/cases/:id/assessments/:assessmentId/complete', true, '/complete', 422, {
    version: 1,
  }),
];
