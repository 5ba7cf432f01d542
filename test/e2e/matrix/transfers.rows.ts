import { randomInt, randomUUID } from 'node:crypto';
import type { RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';

/**
 * Transfers between organisations (config/access-rules.yaml: case.transfer, case_transfer.*). The caller
 * is always of organisation A: a transfer "from my organisation" goes A → B, one "to my organisation"
 * B → A, one "between others" B → a third organisation. Each check makes its own case, consent and
 * transfer in SQL.
 */

type Org = 'A' | 'B' | 'C';

const thirds = new WeakMap<MatrixContext['world'], Promise<string>>();
/** A third Social Work Centre, made once per world. */
const third = (ctx: MatrixContext): Promise<string> => {
  let p = thirds.get(ctx.world);
  if (!p) {
    p = ctx.db
      .query<{ id: string }>(
        `INSERT INTO organizations (name, type, province_code) VALUES ($1, 'social_work_centre', '01') RETURNING id`,
        [`Trung tâm C ${randomUUID().slice(0, 8)}`],
      )
      .then(([o]) => o!.id);
    thirds.set(ctx.world, p);
  }
  return p;
};

const orgId = async (ctx: MatrixContext, org: Org): Promise<string> =>
  org === 'A' ? ctx.world.orgA.id : org === 'B' ? ctx.world.orgB.id : third(ctx);

interface CaseSetup {
  org: 'A' | 'B';
  assignee?: RoleName;
  restricted?: boolean;
}

/** A case with a transfer consent; returns both ids. */
async function caseOf(ctx: MatrixContext, s: CaseSetup): Promise<{ caseId: string; consentId: string }> {
  const reference = `MX-2026-${String(randomInt(1, 999_999_999)).padStart(9, '0')}`;
  const [c] = await ctx.db.query<{ id: string }>(
    `INSERT INTO cases (reference, organization_id, channel, received_at, status, assignee_id, restricted,
                        created_by, record_key)
     VALUES ($1, $2, 'hotline', now(), 'in_progress', $3, $4, $5, $6) RETURNING id`,
    [
      reference,
      await orgId(ctx, s.org),
      s.assignee ? ctx.world.users[s.assignee][s.org].id : null,
      s.restricted ?? false,
      ctx.world.users.supervisor[s.org].id,
      randomInt(0, 2 ** 31 - 1),
    ],
  );
  await ctx.db.query(`INSERT INTO survivors (case_id, sex) VALUES ($1, 'female')`, [c!.id]);
  const [consent] = await ctx.db.query<{ id: string }>(
    `INSERT INTO consents (case_id, purpose, method, given_by, recorded_by)
     VALUES ($1, 'transfer', 'verbal', 'survivor', $2) RETURNING id`,
    [c!.id, ctx.world.users.supervisor[s.org].id],
  );
  return { caseId: c!.id, consentId: consent!.id };
}

/** A waiting transfer from → to; returns its id. */
async function transferOf(ctx: MatrixContext, from: 'A' | 'B', to: Org): Promise<string> {
  const { caseId, consentId } = await caseOf(ctx, { org: from, assignee: 'counsellor' });
  const [t] = await ctx.db.query<{ id: string }>(
    `INSERT INTO case_transfers (case_id, from_organization_id, to_organization_id, consent_id, requested_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [caseId, await orgId(ctx, from), await orgId(ctx, to), consentId, ctx.world.users.supervisor[from].id],
  );
  return t!.id;
}

const ALL_ROLES: readonly RoleName[] = [
  'hotline_operator',
  'counsellor',
  'supervisor',
  'provider_staff',
  'centre_manager',
  'admin',
  'auditor',
];

// --- asking for a transfer from the case file --------------------------------------------------------

/** The consent made with the case of the path just resolved (path resolves before body). */
let lastConsent = '';
const requestCheck = (as: RoleName, relation: string, setup: CaseSetup, expect: number): Check => ({
  as,
  relation,
  method: 'POST',
  path: async (ctx) => {
    const c = await caseOf(ctx, setup);
    lastConsent = c.consentId;
    return `/api/v1/cases/${c.caseId}/transfers`;
  },
  body: (ctx) => ({
    toOrganizationId: setup.org === 'A' ? ctx.world.orgB.id : ctx.world.orgA.id,
    consentId: lastConsent,
  }),
  expect,
});

const REQUEST: Row = {
  route: 'POST /api/v1/cases/:id/transfers',
  access: 'policy',
  checks: [
    {
      as: 'anonymous',
      relation: 'not signed in',
      method: 'POST',
      path: `/api/v1/cases/${randomUUID()}/transfers`,
      body: {},
      expect: 401,
    },
    requestCheck('supervisor', "my organisation's case", { org: 'A' }, 201),
    requestCheck(
      'supervisor',
      "my organisation's case, restricted, not named",
      { org: 'A', restricted: true },
      404,
    ),
    requestCheck('supervisor', "another organisation's case", { org: 'B' }, 404),
    requestCheck('counsellor', 'case assigned to me', { org: 'A', assignee: 'counsellor' }, 403),
    requestCheck('counsellor', 'case not assigned to me', { org: 'A' }, 404),
    ...ALL_ROLES.filter((r) => !['supervisor', 'counsellor'].includes(r)).map((r) =>
      requestCheck(r, "my organisation's case", { org: 'A' }, 404),
    ),
  ],
};

const CASE_LIST: Row = {
  route: 'GET /api/v1/cases/:id/transfers',
  access: 'policy',
  checks: [
    {
      as: 'anonymous',
      relation: 'not signed in',
      path: `/api/v1/cases/${randomUUID()}/transfers`,
      expect: 401,
    },
    ...(
      [
        ['supervisor', "my organisation's case", { org: 'A' }, 200],
        ['supervisor', "another organisation's case", { org: 'B' }, 404],
        ['counsellor', 'case assigned to me', { org: 'A', assignee: 'counsellor' }, 200],
        ['counsellor', 'case not assigned to me', { org: 'A' }, 404],
        ['provider_staff', "my organisation's case", { org: 'A' }, 404],
        ['auditor', "my organisation's case", { org: 'A' }, 404],
      ] as const
    ).map(([as, relation, setup, expect]): Check => ({
      as,
      relation,
      path: async (ctx) => `/api/v1/cases/${(await caseOf(ctx, setup)).caseId}/transfers`,
      expect,
    })),
  ],
};

// --- the supervisors' lists --------------------------------------------------------------------------

const LIST: Row = {
  route: 'GET /api/v1/transfers',
  access: 'policy',
  checks: [
    { as: 'anonymous', relation: 'not signed in', path: '/api/v1/transfers?direction=incoming', expect: 401 },
    // Everyone signed in gets a list: filtered by case_transfer.list (empty unless a supervisor of a party).
    ...ALL_ROLES.map((as): Check => ({
      as,
      relation: 'incoming',
      path: '/api/v1/transfers?direction=incoming',
      expect: 200,
    })),
    { as: 'supervisor', relation: 'no direction', path: '/api/v1/transfers', expect: 400 },
  ],
};

const DESTINATIONS: Row = {
  route: 'GET /api/v1/transfers/destinations',
  access: 'roles',
  checks: [
    { as: 'anonymous', relation: 'not signed in', path: '/api/v1/transfers/destinations', expect: 401 },
    ...ALL_ROLES.map((as): Check => ({
      as,
      relation: 'any',
      path: '/api/v1/transfers/destinations',
      expect: as === 'supervisor' ? 200 : 403,
    })),
  ],
};

// --- deciding ----------------------------------------------------------------------------------------

/** A step on one transfer: anonymous 401, no such transfer 404, then each relation. */
function step(
  suffix: string,
  body: Check['body'],
  expect: Record<string, [RoleName, 'A' | 'B', Org, number]>,
): Row {
  const checks: Check[] = [
    {
      as: 'anonymous',
      relation: 'not signed in',
      method: 'POST',
      path: `/api/v1/transfers/${randomUUID()}${suffix}`,
      body: body ?? {},
      expect: 401,
    },
    {
      as: 'supervisor',
      relation: 'no such transfer',
      method: 'POST',
      path: `/api/v1/transfers/${randomUUID()}${suffix}`,
      body: body ?? {},
      expect: 404,
    },
  ];
  for (const [relation, [as, from, to, code]] of Object.entries(expect)) {
    checks.push({
      as,
      relation,
      method: 'POST',
      path: async (ctx) => `/api/v1/transfers/${await transferOf(ctx, from, to)}${suffix}`,
      body: body ?? {},
      expect: code,
    });
  }
  return { route: `POST /api/v1/transfers/:transferId${suffix}`, access: 'policy', checks };
}

const decide = (ok: number): Record<string, [RoleName, 'A' | 'B', Org, number]> => ({
  'to my organisation': ['supervisor', 'B', 'A', ok],
  'from my organisation': ['supervisor', 'A', 'B', 403],
  'between other organisations': ['supervisor', 'B', 'C', 404],
  'counsellor, to my organisation': ['counsellor', 'B', 'A', 404],
  'provider staff, to my organisation': ['provider_staff', 'B', 'A', 404],
  'admin, to my organisation': ['admin', 'B', 'A', 404],
});

export const TRANSFERS_ROWS: Row[] = [
  REQUEST,
  CASE_LIST,
  LIST,
  DESTINATIONS,
  step('/accept', {}, decide(200)),
  step('/decline', { reasonText: 'Không đủ năng lực tiếp nhận' }, decide(200)),
  step(
    '/cancel',
    {},
    {
      'from my organisation': ['supervisor', 'A', 'B', 200],
      'to my organisation': ['supervisor', 'B', 'A', 403],
      'between other organisations': ['supervisor', 'B', 'C', 404],
      'counsellor, from my organisation': ['counsellor', 'A', 'B', 404],
      'auditor, from my organisation': ['auditor', 'A', 'B', 404],
    },
  ),
];
