import { randomInt, randomUUID } from 'node:crypto';
import type { RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';

/**
 * Printed copies (config/access-rules.yaml: case.print, case.print_referral). Each check makes its own case
 * (and referral) in SQL, in the relation it names: held by my organisation (A) or another (B), assigned to
 * the caller or not, restricted or not, opened by the caller (the operator's 24 hours).
 */

type Org = 'A' | 'B';

interface PrintSetup {
  org?: Org;
  assignee?: RoleName;
  createdBy?: RoleName;
  restricted?: boolean;
  /** The organisation of the provider a referral is addressed to. */
  recipient?: Org;
}

const orgId = (ctx: MatrixContext, org: Org): string => (org === 'A' ? ctx.world.orgA.id : ctx.world.orgB.id);

const caseOf = async (ctx: MatrixContext, setup: PrintSetup): Promise<{ id: string; reference: string }> => {
  const org = setup.org ?? 'A';
  const reference = `PR-2026-${String(randomInt(1, 999_999_999)).padStart(9, '0')}`;
  const [c] = await ctx.db.query<{ id: string }>(
    `INSERT INTO cases (reference, organization_id, channel, received_at, status, assignee_id, restricted,
                        created_by, record_key)
     VALUES ($1, $2, 'hotline', now(), 'in_progress', $3, $4, $5, $6) RETURNING id`,
    [
      reference,
      orgId(ctx, org),
      setup.assignee ? ctx.world.users[setup.assignee][org].id : null,
      setup.restricted ?? false,
      ctx.world.users[setup.createdBy ?? 'supervisor'][org].id,
      randomInt(0, 2 ** 31 - 1),
    ],
  );
  await ctx.db.query(`INSERT INTO survivors (case_id, sex) VALUES ($1, 'female')`, [c!.id]);
  return { id: c!.id, reference };
};

const referralOf = async (ctx: MatrixContext, setup: PrintSetup): Promise<string> => {
  const org = setup.org ?? 'A';
  const recipient = setup.recipient ?? 'B';
  const c = await caseOf(ctx, setup);
  const [p] = await ctx.db.query<{ id: string }>(
    `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, created_by)
     VALUES ($1, 'legal_aid', $2, '01', '00004', '{legal_aid}', $3) RETURNING id`,
    [`Nơi nhận in ${randomUUID().slice(0, 8)}`, orgId(ctx, recipient), ctx.world.users.supervisor[org].id],
  );
  const [r] = await ctx.db.query<{ id: string }>(
    `INSERT INTO referrals (case_id, reference, referring_organization_id, referred_by, provider_id,
                            recipient_organization_id, services, urgency, status, due_by)
     VALUES ($1, $2, $3, $4, $5, $6, '{legal_aid}', 'urgent', 'sent', now() + interval '1 day') RETURNING id`,
    [c.id, c.reference, orgId(ctx, org), ctx.world.users.supervisor[org].id, p!.id, orgId(ctx, recipient)],
  );
  return r!.id;
};

const PRINT_BODY = { purpose: 'court', reason: 'Tòa án yêu cầu bản sao hồ sơ' };

/** Relations of a case to the caller, and what the print answers for each. */
const CASE_RELATIONS: { as: RoleName; relation: string; setup: PrintSetup; expect: number }[] = [
  { as: 'counsellor', relation: 'case assigned to me', setup: { assignee: 'counsellor' }, expect: 200 },
  { as: 'counsellor', relation: 'case of my organisation not assigned to me', setup: {}, expect: 404 },
  {
    as: 'counsellor',
    relation: 'other organisation, assigned',
    setup: { org: 'B', assignee: 'counsellor' },
    expect: 404,
  },
  { as: 'supervisor', relation: 'case of my organisation', setup: {}, expect: 200 },
  { as: 'supervisor', relation: 'restricted, not naming me', setup: { restricted: true }, expect: 404 },
  { as: 'supervisor', relation: 'other organisation', setup: { org: 'B' }, expect: 404 },
  // Reads the case for 24 hours to finish the intake, but does not print it.
  {
    as: 'hotline_operator',
    relation: 'case I opened within 24 hours',
    setup: { createdBy: 'hotline_operator' },
    expect: 403,
  },
  { as: 'provider_staff', relation: 'case of my organisation', setup: {}, expect: 404 },
  { as: 'centre_manager', relation: 'case of my organisation', setup: {}, expect: 404 },
  { as: 'admin', relation: 'case of my organisation', setup: {}, expect: 404 },
  { as: 'auditor', relation: 'case of my organisation', setup: {}, expect: 404 },
];

const casePrintChecks: Check[] = [
  {
    as: 'anonymous',
    relation: 'not signed in',
    method: 'POST',
    path: `/api/v1/cases/${randomUUID()}/print`,
    body: PRINT_BODY,
    expect: 401,
  },
  {
    as: 'counsellor',
    relation: 'no such case',
    method: 'POST',
    path: `/api/v1/cases/${randomUUID()}/print`,
    body: PRINT_BODY,
    expect: 404,
  },
  {
    as: 'counsellor',
    relation: 'case assigned to me, no reason',
    method: 'POST',
    path: async (ctx) => `/api/v1/cases/${(await caseOf(ctx, { assignee: 'counsellor' })).id}/print`,
    body: { purpose: 'court' },
    expect: 400,
  },
  ...CASE_RELATIONS.map((r): Check => ({
    as: r.as,
    relation: r.relation,
    method: 'POST',
    path: async (ctx) => `/api/v1/cases/${(await caseOf(ctx, r.setup)).id}/print`,
    body: PRINT_BODY,
    expect: r.expect,
  })),
];

/** The form is the referring side's: the provider's staff and supervisors read the referral in Haven. */
const REFERRAL_RELATIONS: { as: RoleName; relation: string; setup: PrintSetup; expect: number }[] = [
  {
    as: 'counsellor',
    relation: 'referring case assigned to me',
    setup: { assignee: 'counsellor' },
    expect: 200,
  },
  { as: 'counsellor', relation: 'referring case not assigned to me', setup: {}, expect: 404 },
  { as: 'supervisor', relation: 'referred by my organisation', setup: {}, expect: 200 },
  {
    as: 'supervisor',
    relation: 'referred by my organisation, restricted',
    setup: { restricted: true },
    expect: 404,
  },
  {
    as: 'supervisor',
    relation: 'addressed to my organisation',
    setup: { org: 'B', recipient: 'A' },
    expect: 404,
  },
  {
    as: 'provider_staff',
    relation: 'addressed to my organisation',
    setup: { org: 'B', recipient: 'A' },
    expect: 404,
  },
  {
    as: 'hotline_operator',
    relation: 'referring case I opened within 24 hours',
    setup: { createdBy: 'hotline_operator' },
    expect: 403,
  },
  { as: 'centre_manager', relation: 'referred by my organisation', setup: {}, expect: 404 },
  { as: 'admin', relation: 'referred by my organisation', setup: {}, expect: 404 },
  { as: 'auditor', relation: 'referred by my organisation', setup: {}, expect: 404 },
];

const referralPrintChecks: Check[] = [
  {
    as: 'anonymous',
    relation: 'not signed in',
    method: 'POST',
    path: `/api/v1/referrals/${randomUUID()}/print`,
    expect: 401,
  },
  {
    as: 'counsellor',
    relation: 'no such referral',
    method: 'POST',
    path: `/api/v1/referrals/${randomUUID()}/print`,
    expect: 404,
  },
  ...REFERRAL_RELATIONS.map((r): Check => ({
    as: r.as,
    relation: r.relation,
    method: 'POST',
    path: async (ctx) => `/api/v1/referrals/${await referralOf(ctx, r.setup)}/print`,
    expect: r.expect,
  })),
];

export const PRINTING_ROWS: Row[] = [
  { route: 'POST /api/v1/cases/:id/print', access: 'policy', checks: casePrintChecks },
  { route: 'POST /api/v1/referrals/:id/print', access: 'policy', checks: referralPrintChecks },
];
