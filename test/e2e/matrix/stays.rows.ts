import { randomInt, randomUUID } from 'node:crypto';
import type { Check, MatrixContext, Row } from './types';

/**
 * Stays at providers that admit people (config/access-rules.yaml, stay.*): kept by the provider's
 * organisation, seen by its provider_staff and supervisors. Each check makes its own stay in SQL: at a
 * trusted address or a safe house of organisation A, or at a trusted address of organisation B.
 */

interface StaySetup {
  org?: 'A' | 'B';
  type?: 'trusted_address' | 'safe_house';
}

const stayFor = async (ctx: MatrixContext, setup: StaySetup = {}): Promise<string> => {
  const org = setup.org ?? 'A';
  const organizationId = org === 'A' ? ctx.world.orgA.id : ctx.world.orgB.id;
  const creator = ctx.world.users.supervisor[org].id;
  const reference = `MX-2026-${String(randomInt(1, 999_999_999)).padStart(9, '0')}`;
  const [provider] = await ctx.db.query<{ id: string }>(
    `INSERT INTO providers (name, type, organization_id, province_code, commune_code, services, capacity, created_by)
     VALUES ($1, $2, $3, '01', '00004', '{shelter}', $4, $5) RETURNING id`,
    [
      `Nơi tiếp nhận ${reference}`,
      setup.type ?? 'trusted_address',
      organizationId,
      setup.type === 'safe_house' ? 3 : null,
      creator,
    ],
  );
  const [c] = await ctx.db.query<{ id: string }>(
    `INSERT INTO cases (reference, organization_id, channel, received_at, status, created_by, record_key)
     VALUES ($1, $2, 'hotline', now(), 'in_progress', $3, $4) RETURNING id`,
    [reference, organizationId, creator, randomInt(0, 2 ** 31 - 1)],
  );
  await ctx.db.query(`INSERT INTO survivors (case_id, sex) VALUES ($1, 'female')`, [c!.id]);
  const [r] = await ctx.db.query<{ id: string }>(
    `INSERT INTO referrals (case_id, reference, referring_organization_id, referred_by, provider_id,
                            recipient_organization_id, services, urgency, status, due_by, started_at)
     VALUES ($1, $2, $3, $4, $5, $3, '{shelter}', 'urgent', 'in_service', now() + interval '1 day', now())
     RETURNING id`,
    [c!.id, reference, organizationId, creator, provider!.id],
  );
  const [s] = await ctx.db.query<{ id: string }>(
    `INSERT INTO stays (referral_id, case_id, reference, provider_id, organization_id, admitted_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [r!.id, c!.id, reference, provider!.id, organizationId, ctx.world.users.provider_staff[org].id],
  );
  return s!.id;
};

const noticePath = (setup: StaySetup) => async (ctx: MatrixContext) =>
  `/api/v1/stays/${await stayFor(ctx, setup)}/commune-notice`;

const noticeChecks: Check[] = [
  { as: 'anonymous', relation: 'not signed in', path: noticePath({}), expect: 401 },
  {
    as: 'provider_staff',
    relation: 'no such stay',
    path: `/api/v1/stays/${randomUUID()}/commune-notice`,
    expect: 404,
  },
  { as: 'provider_staff', relation: 'trusted address of my organisation', path: noticePath({}), expect: 200 },
  { as: 'supervisor', relation: 'trusted address of my organisation', path: noticePath({}), expect: 200 },
  { as: 'provider_staff', relation: 'other organisation', path: noticePath({ org: 'B' }), expect: 404 },
  { as: 'supervisor', relation: 'other organisation', path: noticePath({ org: 'B' }), expect: 404 },
  { as: 'counsellor', relation: 'same organisation', path: noticePath({}), expect: 404 },
  { as: 'centre_manager', relation: 'same organisation', path: noticePath({}), expect: 404 },
  { as: 'admin', relation: 'same organisation', path: noticePath({}), expect: 404 },
  { as: 'auditor', relation: 'same organisation', path: noticePath({}), expect: 404 },
  { as: 'hotline_operator', relation: 'same organisation', path: noticePath({}), expect: 404 },
  {
    as: 'provider_staff',
    relation: 'safe house of my organisation (no notice)',
    path: noticePath({ type: 'safe_house' }),
    expect: 422,
  },
];

export const STAYS_ROWS: Row[] = [
  { route: 'GET /api/v1/stays/:id/commune-notice', access: 'policy', checks: noticeChecks },
];
