import { randomInt, randomUUID } from 'node:crypto';
import { ROLE_NAMES, RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';

/**
 * Referrals (config/access-rules.yaml: case.refer, case.read_referrals, referral.*, provider.read_occupancy,
 * provider.list_stays). Each check makes its own case, provider and referral in SQL, in the relation it
 * names: the referral addressed to my organisation (the provider belongs to organisation A) or to another
 * (B); the referring case held by A (assigned to the counsellor or not, restricted or not) or by B.
 */

type Org = 'A' | 'B';

interface ReferralSetup {
  /** The organisation holding the referring case. */
  caseOrg?: Org;
  /** The organisation of the provider (whose staff answer). */
  recipient?: Org;
  assignee?: RoleName;
  createdBy?: RoleName;
  restricted?: boolean;
  status?: 'sent' | 'accepted' | 'in_service';
}

const orgId = (ctx: MatrixContext, org: Org): string => (org === 'A' ? ctx.world.orgA.id : ctx.world.orgB.id);

const providerOf = async (ctx: MatrixContext, org: Org, capacity: number | null = null): Promise<string> => {
  const [p] = await ctx.db.query<{ id: string }>(
    `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, capacity, created_by)
     VALUES ($1, 'social_work_centre', $2, '01', '00004', '{shelter}', $3, $4) RETURNING id`,
    [
      `Nơi nhận MX ${randomUUID().slice(0, 8)}`,
      orgId(ctx, org),
      capacity,
      ctx.world.users.supervisor[org].id,
    ],
  );
  return p!.id;
};

const caseOf = async (
  ctx: MatrixContext,
  setup: ReferralSetup,
): Promise<{ id: string; reference: string }> => {
  const org = setup.caseOrg ?? 'A';
  const reference = `MX-2026-${String(randomInt(1, 999_999_999)).padStart(9, '0')}`;
  const createdBy = ctx.world.users[setup.createdBy ?? 'supervisor'][org].id;
  const [c] = await ctx.db.query<{ id: string }>(
    `INSERT INTO cases (reference, organization_id, channel, received_at, status, assignee_id, restricted,
                        created_by, record_key)
     VALUES ($1, $2, 'hotline', now(), 'in_progress', $3, $4, $5, $6) RETURNING id`,
    [
      reference,
      orgId(ctx, org),
      setup.assignee ? ctx.world.users[setup.assignee][org].id : null,
      setup.restricted ?? false,
      createdBy,
      randomInt(0, 2 ** 31 - 1),
    ],
  );
  await ctx.db.query(`INSERT INTO survivors (case_id, sex) VALUES ($1, 'female')`, [c!.id]);
  return { id: c!.id, reference };
};

const referralFor = async (ctx: MatrixContext, setup: ReferralSetup = {}): Promise<string> => {
  const caseOrg = setup.caseOrg ?? 'A';
  const recipient = setup.recipient ?? 'B';
  const c = await caseOf(ctx, setup);
  const providerId = await providerOf(ctx, recipient);
  const [r] = await ctx.db.query<{ id: string }>(
    `INSERT INTO referrals (case_id, reference, referring_organization_id, referred_by, provider_id,
                            recipient_organization_id, services, urgency, status, due_by)
     VALUES ($1, $2, $3, $4, $5, $6, '{shelter}', 'urgent', $7, now() + interval '1 day') RETURNING id`,
    [
      c.id,
      c.reference,
      orgId(ctx, caseOrg),
      ctx.world.users.supervisor[caseOrg].id,
      providerId,
      orgId(ctx, recipient),
      setup.status ?? 'sent',
    ],
  );
  return r!.id;
};

const referralPath =
  (setup: ReferralSetup, suffix = '') =>
  async (ctx: MatrixContext): Promise<string> =>
    `/api/v1/referrals/${await referralFor(ctx, setup)}${suffix}`;

const CASE_ROLES: readonly RoleName[] = ['hotline_operator', 'counsellor', 'supervisor'];
const NO_CASE_ROLES = ROLE_NAMES.filter((r) => !CASE_ROLES.includes(r));

/** The relations of a referral the rules tell apart, by name. */
const RELATIONS: Record<string, { as: RoleName; setup: ReferralSetup }> = {
  'provider_staff addressed to my organisation': {
    as: 'provider_staff',
    setup: { recipient: 'A', caseOrg: 'B' },
  },
  'provider_staff addressed to another organisation': {
    as: 'provider_staff',
    setup: { recipient: 'B', caseOrg: 'B' },
  },
  'supervisor addressed to my organisation': { as: 'supervisor', setup: { recipient: 'A', caseOrg: 'B' } },
  'supervisor referred by my organisation': { as: 'supervisor', setup: { recipient: 'B', caseOrg: 'A' } },
  'supervisor referred by my organisation, restricted': {
    as: 'supervisor',
    setup: { recipient: 'B', caseOrg: 'A', restricted: true },
  },
  'supervisor of neither organisation': { as: 'supervisor', setup: { recipient: 'B', caseOrg: 'B' } },
  'counsellor referring case assigned to me': {
    as: 'counsellor',
    setup: { recipient: 'B', caseOrg: 'A', assignee: 'counsellor' },
  },
  'counsellor referring case not assigned to me': {
    as: 'counsellor',
    setup: { recipient: 'B', caseOrg: 'A' },
  },
  'counsellor addressed to my organisation': { as: 'counsellor', setup: { recipient: 'A', caseOrg: 'B' } },
  'hotline_operator referring case opened by another user': {
    as: 'hotline_operator',
    setup: { recipient: 'B', caseOrg: 'A' },
  },
  'centre_manager addressed to my organisation': {
    as: 'centre_manager',
    setup: { recipient: 'A', caseOrg: 'A' },
  },
  'admin addressed to my organisation': { as: 'admin', setup: { recipient: 'A', caseOrg: 'A' } },
  'auditor addressed to my organisation': { as: 'auditor', setup: { recipient: 'A', caseOrg: 'A' } },
};

/** A route on one referral: anonymous 401, no such referral 404, then each relation named. */
function referralRoute(
  method: 'GET' | 'POST',
  suffix: string,
  status: ReferralSetup['status'],
  body: Check['body'],
  expect: Record<string, number>,
): Row {
  const checks: Check[] = [
    {
      as: 'anonymous',
      relation: 'not signed in',
      method,
      path: `/api/v1/referrals/${randomUUID()}${suffix}`,
      ...(body ? { body } : {}),
      expect: 401,
    },
    {
      as: 'provider_staff',
      relation: 'no such referral',
      method,
      path: `/api/v1/referrals/${randomUUID()}${suffix}`,
      ...(body ? { body } : {}),
      expect: 404,
    },
  ];
  for (const [relation, code] of Object.entries(expect)) {
    const r = RELATIONS[relation];
    if (!r) throw new Error(`matrix: unknown relation ${relation}`);
    checks.push({
      as: r.as,
      relation: relation.slice(r.as.length + 1),
      method,
      path: referralPath({ ...r.setup, status }, suffix),
      ...(body ? { body } : {}),
      expect: code,
    });
  }
  return { route: `${method} /api/v1/referrals/:id${suffix}`, access: 'policy', checks };
}

/** Provider-side steps: only the recipient's provider staff and supervisors; everyone else 404. */
const respond = (ok: number): Record<string, number> => ({
  'provider_staff addressed to my organisation': ok,
  'provider_staff addressed to another organisation': 404,
  'supervisor addressed to my organisation': ok,
  'supervisor referred by my organisation': 404,
  'supervisor of neither organisation': 404,
  'counsellor referring case assigned to me': 404,
  'counsellor addressed to my organisation': 404,
  'centre_manager addressed to my organisation': 404,
  'admin addressed to my organisation': 404,
  'auditor addressed to my organisation': 404,
});

// --- sending from a case ------------------------------------------------------------------------------

const providers = new WeakMap<MatrixContext['world'], Promise<string>>();
/** One provider of organisation B that takes referrals, shared by the sending checks. */
const sharedProvider = (ctx: MatrixContext): Promise<string> => {
  let p = providers.get(ctx.world);
  if (!p) {
    p = providerOf(ctx, 'B');
    providers.set(ctx.world, p);
  }
  return p;
};

const caseWithConsent =
  (setup: ReferralSetup, suffix: string) =>
  async (ctx: MatrixContext): Promise<string> => {
    const c = await caseOf(ctx, setup);
    await ctx.db.query(
      `INSERT INTO consents (case_id, purpose, provider_types, method, given_by, recorded_by)
       VALUES ($1, 'referral', '{social_work_centre}', 'verbal', 'survivor', $2)`,
      [c.id, ctx.world.users.supervisor[setup.caseOrg ?? 'A'].id],
    );
    return `/api/v1/cases/${c.id}${suffix}`;
  };

const SEND = async (ctx: MatrixContext) => ({
  providerId: await sharedProvider(ctx),
  services: ['shelter'],
  urgency: 'routine',
});

/** A route on a case: anonymous 401, the case relations, every role without case access 404. */
function caseRoute(method: 'GET' | 'POST', ok: number): Row {
  const relations: [RoleName, string, ReferralSetup, number][] = [
    ['supervisor', 'same organisation', {}, ok],
    ['supervisor', 'other organisation', { caseOrg: 'B' }, 404],
    ['supervisor', 'restricted, not naming me', { restricted: true }, 404],
    ['counsellor', 'assigned to me', { assignee: 'counsellor' }, ok],
    ['counsellor', 'not assigned to me', {}, 404],
    ['hotline_operator', 'opened by me within 24 hours', { createdBy: 'hotline_operator' }, ok],
    ['hotline_operator', 'opened by another user', {}, 404],
  ];
  const body = method === 'POST' ? { body: SEND } : {};
  const checks: Check[] = [
    {
      as: 'anonymous',
      relation: 'not signed in',
      method,
      path: `/api/v1/cases/${randomUUID()}/referrals`,
      ...(method === 'POST'
        ? { body: { providerId: randomUUID(), services: ['shelter'], urgency: 'routine' } }
        : {}),
      expect: 401,
    },
    {
      as: 'supervisor',
      relation: 'no such case',
      method,
      path: `/api/v1/cases/${randomUUID()}/referrals`,
      ...body,
      expect: 404,
    },
    ...relations.map(([as, relation, setup, expect]): Check => ({
      as,
      relation,
      method,
      path: caseWithConsent(setup, '/referrals'),
      ...body,
      expect,
    })),
    ...NO_CASE_ROLES.map((as): Check => ({
      as,
      relation: 'same organisation',
      method,
      path: caseWithConsent({}, '/referrals'),
      ...body,
      expect: 404,
    })),
  ];
  return { route: `${method} /api/v1/cases/:id/referrals`, access: 'policy', checks };
}

// --- a provider's beds and stays ----------------------------------------------------------------------

const providerPath =
  (org: Org, suffix: string) =>
  async (ctx: MatrixContext): Promise<string> =>
    `/api/v1/providers/${await providerOf(ctx, org, 3)}${suffix}`;

function providerRoute(suffix: string, expect: Partial<Record<RoleName, [number, number]>>): Row {
  const checks: Check[] = [
    { as: 'anonymous', relation: 'not signed in', path: providerPath('A', suffix), expect: 401 },
    {
      as: 'supervisor',
      relation: 'no such provider',
      path: `/api/v1/providers/${randomUUID()}${suffix}`,
      expect: 404,
    },
  ];
  for (const role of ROLE_NAMES) {
    const [own, other] = expect[role] ?? [403, 403];
    checks.push({
      as: role,
      relation: 'provider of my organisation',
      path: providerPath('A', suffix),
      expect: own,
    });
    checks.push({
      as: role,
      relation: 'provider of another organisation',
      path: providerPath('B', suffix),
      expect: other,
    });
  }
  return { route: `GET /api/v1/providers/:id${suffix}`, access: 'policy', checks };
}

// --- the boxes ----------------------------------------------------------------------------------------

const boxRow = (): Row => {
  const incoming: RoleName[] = ['provider_staff', 'supervisor'];
  const outgoing: RoleName[] = ['hotline_operator', 'counsellor', 'supervisor'];
  return {
    route: 'GET /api/v1/referrals',
    access: 'policy',
    checks: [
      { as: 'anonymous', relation: 'not signed in', path: '/api/v1/referrals?box=incoming', expect: 401 },
      { as: 'supervisor', relation: 'no box named', path: '/api/v1/referrals', expect: 400 },
      ...ROLE_NAMES.map((as): Check => ({
        as,
        relation: 'incoming box',
        path: '/api/v1/referrals?box=incoming',
        expect: incoming.includes(as) ? 200 : 403,
      })),
      ...ROLE_NAMES.map((as): Check => ({
        as,
        relation: 'outgoing box',
        path: '/api/v1/referrals?box=outgoing',
        expect: outgoing.includes(as) ? 200 : 403,
      })),
    ],
  };
};

export const REFERRALS_ROWS: Row[] = [
  caseRoute('POST', 201),
  caseRoute('GET', 200),
  boxRow(),
  referralRoute('GET', '', 'sent', undefined, {
    ...respond(200),
    'supervisor referred by my organisation': 200,
    'supervisor referred by my organisation, restricted': 404,
    'counsellor referring case assigned to me': 200,
    'counsellor referring case not assigned to me': 404,
    'hotline_operator referring case opened by another user': 404,
  }),
  referralRoute('POST', '/accept', 'sent', undefined, respond(200)),
  referralRoute('POST', '/decline', 'sent', { reasonText: 'Không còn chỗ' }, respond(200)),
  referralRoute('POST', '/start', 'accepted', undefined, respond(200)),
  referralRoute('POST', '/complete', 'in_service', { outcome: 'completed' }, respond(200)),
  referralRoute(
    'POST',
    '/cancel',
    'sent',
    { reasonText: 'Người bị hại đã an toàn' },
    {
      'supervisor referred by my organisation': 200,
      'supervisor referred by my organisation, restricted': 404,
      'supervisor addressed to my organisation': 404,
      'counsellor referring case assigned to me': 200,
      'counsellor referring case not assigned to me': 404,
      'provider_staff addressed to my organisation': 404,
      'hotline_operator referring case opened by another user': 404,
      'centre_manager addressed to my organisation': 404,
      'admin addressed to my organisation': 404,
      'auditor addressed to my organisation': 404,
    },
  ),
  providerRoute('/occupancy', {
    hotline_operator: [200, 200],
    counsellor: [200, 200],
    supervisor: [200, 200],
    centre_manager: [200, 200],
    provider_staff: [200, 403],
  }),
  providerRoute('/stays', {
    provider_staff: [200, 403],
    supervisor: [200, 403],
  }),
];
