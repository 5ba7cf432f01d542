import { randomInt, randomUUID } from 'node:crypto';
import { ROLE_NAMES, RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';
import { intakePayload } from '../../factories/cases';

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

const INTAKE = intakePayload();

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
  {
    route: 'POST /api/v1/cases/duplicate-check',
    access: 'policy',
    checks: [
      {
        as: 'anonymous',
        relation: 'not signed in',
        method: 'POST',
        path: '/api/v1/cases/duplicate-check',
        body: { phone: '0912345678' },
        expect: 401,
      },
      ...ROLE_NAMES.map((role): Check => ({
        as: role,
        relation: 'own organisation',
        method: 'POST',
        path: '/api/v1/cases/duplicate-check',
        body: { phone: '0912345678' },
        expect: CASE_ROLES.includes(role) ? 200 : 403,
      })),
    ],
  },
  { route: 'GET /api/v1/cases/:id', access: 'policy', checks: readChecks },
];

/** A case made for the check, then changed in SQL (a pending closure, a consent…). */
const caseWith =
  (setup: CaseSetup, suffix: string | ((ctx: MatrixContext, id: string) => Promise<string>)) =>
  async (ctx: MatrixContext): Promise<string> => {
    const id = await caseFor(ctx, setup);
    const rest = typeof suffix === 'string' ? suffix : await suffix(ctx, id);
    return `/api/v1/cases/${id}${rest}`;
  };

const pendingClosureBy =
  (role: RoleName, suffix: string) =>
  async (ctx: MatrixContext, id: string): Promise<string> => {
    await ctx.db.query(
      `UPDATE cases SET closure_requested_by = $2, closure_reason_code = 'goals_met',
              closure_requested_at = now() WHERE id = $1`,
      [id, ctx.world.users[role].A.id],
    );
    await ctx.db.query(
      `INSERT INTO closure_requests (case_id, requested_by, reason_code) VALUES ($1, $2, 'goals_met')`,
      [id, ctx.world.users[role].A.id],
    );
    return suffix;
  };

const withConsent = async (ctx: MatrixContext, id: string): Promise<string> => {
  const [row] = await ctx.db.query<{ id: string }>(
    `INSERT INTO consents (case_id, purpose, method, given_by, recorded_by)
     VALUES ($1, 'case_management', 'verbal', 'survivor', $2) RETURNING id`,
    [id, ctx.world.users.supervisor.A.id],
  );
  return `/consents/${row!.id}/withdraw`;
};

type Method = 'GET' | 'POST' | 'PATCH';
type Expectations = Partial<Record<string, number>>;

/**
 * A route of the file: anonymous 401; the relations named in `expect` (keys: "<role> <relation>");
 * every role without case access 404 on a case of its organisation.
 */
function fileRoute(
  method: Method,
  route: string,
  suffix: string | ((ctx: MatrixContext, id: string) => Promise<string>),
  body: Check['body'],
  expect: Expectations,
  /** Roles that never read a case file but are allowed this route (404 for the others). */
  noCaseRoles: Partial<Record<RoleName, number>> = {},
): Row {
  const relations: Record<string, { as: RoleName; setup: CaseSetup }> = {
    'supervisor same organisation': { as: 'supervisor', setup: {} },
    'supervisor other organisation': { as: 'supervisor', setup: { org: 'B' } },
    'supervisor restricted, not naming me': { as: 'supervisor', setup: { restricted: true } },
    'counsellor assigned to me': { as: 'counsellor', setup: { assignee: 'counsellor' } },
    'counsellor not assigned to me': { as: 'counsellor', setup: {} },
    'counsellor not assigned, other organisation': { as: 'counsellor', setup: { org: 'B' } },
    'counsellor not assigned, restricted': { as: 'counsellor', setup: { restricted: true } },
    'hotline_operator opened by me within 24 hours': {
      as: 'hotline_operator',
      setup: { createdBy: 'hotline_operator' },
    },
    'auditor other organisation': { as: 'auditor', setup: { org: 'B' } },
    'auditor restricted': { as: 'auditor', setup: { restricted: true } },
  };
  const checks: Check[] = [
    {
      as: 'anonymous',
      relation: 'not signed in',
      method,
      path: `/api/v1/cases/${randomUUID()}${route.replace(':consentId', randomUUID())}`,
      ...(body ? { body } : {}),
      expect: 401,
    },
  ];
  for (const [relation, status] of Object.entries(expect)) {
    const r = relations[relation];
    if (!r || status === undefined) throw new Error(`matrix: unknown relation ${relation}`);
    checks.push({
      as: r.as,
      relation: relation.slice(r.as.length + 1),
      method,
      path: caseWith(r.setup, suffix),
      ...(body ? { body } : {}),
      expect: status,
    });
  }
  for (const role of NO_CASE_ROLES) {
    checks.push({
      as: role,
      relation: 'same organisation',
      method,
      path: caseWith({}, suffix),
      ...(body ? { body } : {}),
      expect: noCaseRoles[role] ?? 404,
    });
  }
  return { route: `${method} /api/v1/cases/:id${route}`, access: 'policy', checks };
}

function fileRows(): Row[] {
  const change = (ok: number): Expectations => ({
    'supervisor same organisation': ok,
    'supervisor other organisation': 404,
    'supervisor restricted, not naming me': 404,
    'counsellor assigned to me': ok,
    'counsellor not assigned to me': 404,
    'hotline_operator opened by me within 24 hours': ok,
  });
  const supervise = (ok: number): Expectations => ({
    'supervisor same organisation': ok,
    'supervisor other organisation': 404,
    'supervisor restricted, not naming me': 404,
    'counsellor assigned to me': 403,
    'counsellor not assigned to me': 404,
    'hotline_operator opened by me within 24 hours': 403,
  });
  return [
    fileRoute('PATCH', '', '', { version: 1, channel: 'walk_in' }, change(200)),
    fileRoute('POST', '/transitions', '/transitions', { to: 'assessment' }, change(200)),
    fileRoute(
      'POST',
      '/closure/approve',
      pendingClosureBy('counsellor', '/closure/approve'),
      {},
      supervise(200),
    ),
    fileRoute(
      'POST',
      '/closure/reject',
      pendingClosureBy('counsellor', '/closure/reject'),
      { reasonText: 'cần thêm thông tin' },
      supervise(200),
    ),
    fileRoute(
      'POST',
      '/assignment',
      '/assignment',
      (ctx) => ({ assigneeId: ctx.world.users.counsellor.A.id }),
      supervise(200),
    ),
    fileRoute('POST', '/restriction', '/restriction', { restricted: true }, supervise(200)),
    fileRoute(
      'POST',
      '/break-glass',
      '/break-glass',
      { reasonText: 'Trực đêm thay đồng nghiệp, người bị hại gọi lại' },
      {
        'counsellor not assigned to me': 201,
        'counsellor not assigned, other organisation': 404,
        'counsellor not assigned, restricted': 404,
        'supervisor same organisation': 403,
        'supervisor other organisation': 404,
      },
    ),
    // Who read the file: its supervisors, its assigned counsellor (issue 12), and an auditor for any case.
    fileRoute(
      'GET',
      '/access-log',
      '/access-log',
      undefined,
      {
        ...supervise(200),
        'counsellor assigned to me': 200,
        'counsellor not assigned, other organisation': 404,
        'counsellor not assigned, restricted': 404,
        'auditor other organisation': 200,
        'auditor restricted': 200,
      },
      { auditor: 200 },
    ),
    fileRoute('POST', '/notes', '/notes', { text: 'ghi chú' }, change(201)),
    fileRoute('GET', '/notes', '/notes', undefined, change(200)),
    // The file's histories (issue 14): read exactly as the file is, case.read.
    fileRoute('GET', '/consents', '/consents', undefined, change(200)),
    fileRoute('GET', '/risk-assessments', '/risk-assessments', undefined, change(200)),
    fileRoute('GET', '/status-history', '/status-history', undefined, change(200)),
    // Served by the followups module, decided as the file read (case.read).
    fileRoute('GET', '/follow-ups', '/follow-ups', undefined, change(200)),
    fileRoute(
      'POST',
      '/incidents',
      '/incidents',
      { violenceTypes: ['psychological_abuse'], perpetrator: { relationship: 'spouse' } },
      change(201),
    ),
    fileRoute('GET', '/incidents', '/incidents', undefined, change(200)),
    fileRoute(
      'POST',
      '/risk-assessments',
      '/risk-assessments',
      { answers: { threats_to_kill: false } },
      change(201),
    ),
    fileRoute(
      'POST',
      '/consents',
      '/consents',
      { purpose: 'case_management', method: 'verbal', givenBy: 'survivor' },
      change(201),
    ),
    fileRoute('POST', '/consents/:consentId/withdraw', withConsent, {}, change(200)),
    fileRoute('POST', '/protection-measures', '/protection-measures', { type: 'legal_aid' }, change(201)),
    fileRoute('GET', '/protection-measures', '/protection-measures', undefined, change(200)),
  ];
}

CASES_ROWS.push(...fileRows());
