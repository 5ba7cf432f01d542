import { randomInt, randomUUID } from 'node:crypto';
import { ROLE_NAMES, RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';

/**
 * Duplicates resolved (issue 15, item 10; config/access-rules.yaml case.link, case.merge, case.read): links
 * between cases, merges and their undo. Cases are made in SQL in the relation each check names.
 */

interface Setup {
  org?: 'A' | 'B';
  createdBy?: RoleName;
  assignee?: RoleName;
}

const caseFor = async (ctx: MatrixContext, setup: Setup = {}): Promise<string> => {
  const org = setup.org ?? 'A';
  const [row] = await ctx.db.query<{ id: string }>(
    `INSERT INTO cases (reference, organization_id, channel, received_at, status, assignee_id, created_by, record_key)
     VALUES ($1, $2, 'hotline', now(), 'intake', $3, $4, $5) RETURNING id`,
    [
      `MG-2026-${String(randomInt(1, 999_999_999)).padStart(9, '0')}`,
      org === 'A' ? ctx.world.orgA.id : ctx.world.orgB.id,
      setup.assignee ? ctx.world.users[setup.assignee][org].id : null,
      ctx.world.users[setup.createdBy ?? 'supervisor'][org].id,
      randomInt(0, 2 ** 31 - 1),
    ],
  );
  await ctx.db.query(`INSERT INTO survivors (case_id, sex) VALUES ($1, 'female')`, [row!.id]);
  return row!.id;
};

/** A link between two fresh cases of organisation A (the first in `setup`'s relation): [caseId, linkId]. */
const linkFor = async (ctx: MatrixContext, setup: Setup = {}): Promise<string> => {
  const caseId = await caseFor(ctx, setup);
  const other = await caseFor(ctx);
  const [row] = await ctx.db.query<{ id: string }>(
    `INSERT INTO case_links (case_id, linked_case_id, created_by) VALUES ($1, $2, $3) RETURNING id`,
    [caseId, other, ctx.world.users.supervisor.A.id],
  );
  return `/api/v1/cases/${caseId}/links/${row!.id}`;
};

/** A merge standing between two cases of A (the surviving one in `setup`'s relation). */
const mergeFor = async (ctx: MatrixContext, setup: Setup = {}): Promise<string> => {
  const surviving = await caseFor(ctx, setup);
  const merged = await caseFor(ctx, setup);
  await ctx.db.query(`UPDATE cases SET status = 'merged' WHERE id = $1`, [merged]);
  const [row] = await ctx.db.query<{ id: string }>(
    `INSERT INTO case_merges (surviving_case_id, merged_case_id, merged_status, moved, merged_by, undo_deadline)
     VALUES ($1, $2, 'intake', '{}', $3, now() + interval '1 day') RETURNING id`,
    [surviving, merged, ctx.world.users.supervisor.A.id],
  );
  return `/api/v1/case-merges/${row!.id}/undo`;
};

const casePath =
  (suffix: string, setup: Setup = {}) =>
  async (ctx: MatrixContext): Promise<string> =>
    `/api/v1/cases/${await caseFor(ctx, setup)}/${suffix}`;
const otherCase =
  (field: string, setup: Setup = {}) =>
  async (ctx: MatrixContext): Promise<Record<string, string>> => ({ [field]: await caseFor(ctx, setup) });

const NOT_CASE_ROLES = ROLE_NAMES.filter(
  (r) => !['hotline_operator', 'counsellor', 'supervisor'].includes(r),
);

const readChecks = (suffix: string): Check[] => [
  { as: 'anonymous', relation: 'not signed in', path: casePath(suffix), expect: 401 },
  { as: 'supervisor', relation: 'same organisation', path: casePath(suffix), expect: 200 },
  { as: 'supervisor', relation: 'other organisation', path: casePath(suffix, { org: 'B' }), expect: 404 },
  {
    as: 'counsellor',
    relation: 'assigned to me',
    path: casePath(suffix, { assignee: 'counsellor' }),
    expect: 200,
  },
  { as: 'counsellor', relation: 'not assigned to me', path: casePath(suffix), expect: 404 },
  {
    as: 'hotline_operator',
    relation: 'opened by me within 24 hours',
    path: casePath(suffix, { createdBy: 'hotline_operator' }),
    expect: 200,
  },
  ...NOT_CASE_ROLES.map((role): Check => ({
    as: role,
    relation: 'same organisation',
    path: casePath(suffix),
    expect: 404,
  })),
];

export const MERGES_ROWS: Row[] = [
  {
    route: 'POST /api/v1/cases/:id/links',
    access: 'policy',
    checks: [
      {
        as: 'anonymous',
        relation: 'not signed in',
        method: 'POST',
        path: casePath('links'),
        body: otherCase('caseId'),
        expect: 401,
      },
      {
        as: 'hotline_operator',
        relation: 'opened by me within 24 hours, to a case of the organisation',
        method: 'POST',
        path: casePath('links', { createdBy: 'hotline_operator' }),
        body: otherCase('caseId'),
        expect: 201,
      },
      {
        as: 'counsellor',
        relation: 'assigned to me',
        method: 'POST',
        path: casePath('links', { assignee: 'counsellor' }),
        body: otherCase('caseId'),
        expect: 201,
      },
      {
        as: 'counsellor',
        relation: 'not assigned to me',
        method: 'POST',
        path: casePath('links'),
        body: otherCase('caseId'),
        expect: 404,
      },
      {
        as: 'supervisor',
        relation: 'same organisation',
        method: 'POST',
        path: casePath('links'),
        body: otherCase('caseId'),
        expect: 201,
      },
      {
        as: 'supervisor',
        relation: 'to a case of another organisation',
        method: 'POST',
        path: casePath('links'),
        body: otherCase('caseId', { org: 'B' }),
        expect: 404,
      },
      ...NOT_CASE_ROLES.map((role): Check => ({
        as: role,
        relation: 'same organisation',
        method: 'POST',
        path: casePath('links'),
        body: otherCase('caseId'),
        expect: 404,
      })),
    ],
  },
  { route: 'GET /api/v1/cases/:id/links', access: 'policy', checks: readChecks('links') },
  {
    route: 'DELETE /api/v1/cases/:id/links/:linkId',
    access: 'policy',
    checks: [
      {
        as: 'anonymous',
        relation: 'not signed in',
        method: 'DELETE',
        path: (ctx) => linkFor(ctx),
        expect: 401,
      },
      {
        as: 'supervisor',
        relation: 'same organisation',
        method: 'DELETE',
        path: (ctx) => linkFor(ctx),
        expect: 204,
      },
      {
        as: 'supervisor',
        relation: 'no such link',
        method: 'DELETE',
        path: async (ctx) => `/api/v1/cases/${await caseFor(ctx)}/links/${randomUUID()}`,
        expect: 404,
      },
      {
        as: 'counsellor',
        relation: 'not assigned to me',
        method: 'DELETE',
        path: (ctx) => linkFor(ctx),
        expect: 404,
      },
      {
        as: 'counsellor',
        relation: 'assigned to me',
        method: 'DELETE',
        path: (ctx) => linkFor(ctx, { assignee: 'counsellor' }),
        expect: 204,
      },
      ...NOT_CASE_ROLES.map((role): Check => ({
        as: role,
        relation: 'same organisation',
        method: 'DELETE',
        path: (ctx) => linkFor(ctx),
        expect: 404,
      })),
    ],
  },
  {
    route: 'POST /api/v1/cases/:id/merge',
    access: 'policy',
    checks: [
      {
        as: 'anonymous',
        relation: 'not signed in',
        method: 'POST',
        path: casePath('merge'),
        body: otherCase('mergedCaseId'),
        expect: 401,
      },
      {
        as: 'supervisor',
        relation: 'two cases of my organisation',
        method: 'POST',
        path: casePath('merge'),
        body: otherCase('mergedCaseId'),
        expect: 201,
      },
      {
        as: 'supervisor',
        relation: 'merging a case of another organisation',
        method: 'POST',
        path: casePath('merge'),
        body: otherCase('mergedCaseId', { org: 'B' }),
        expect: 404,
      },
      {
        as: 'supervisor',
        relation: 'into a case of another organisation',
        method: 'POST',
        path: casePath('merge', { org: 'B' }),
        body: otherCase('mergedCaseId'),
        expect: 404,
      },
      {
        as: 'hotline_operator',
        relation: 'two cases opened by me within 24 hours',
        method: 'POST',
        path: casePath('merge', { createdBy: 'hotline_operator' }),
        body: otherCase('mergedCaseId', { createdBy: 'hotline_operator' }),
        expect: 403,
      },
      {
        as: 'counsellor',
        relation: 'two cases assigned to me',
        method: 'POST',
        path: casePath('merge', { assignee: 'counsellor' }),
        body: otherCase('mergedCaseId', { assignee: 'counsellor' }),
        expect: 403,
      },
      ...NOT_CASE_ROLES.map((role): Check => ({
        as: role,
        relation: 'same organisation',
        method: 'POST',
        path: casePath('merge'),
        body: otherCase('mergedCaseId'),
        expect: 404,
      })),
    ],
  },
  { route: 'GET /api/v1/cases/:id/merges', access: 'policy', checks: readChecks('merges') },
  {
    route: 'POST /api/v1/case-merges/:mergeId/undo',
    access: 'policy',
    checks: [
      {
        as: 'anonymous',
        relation: 'not signed in',
        method: 'POST',
        path: (ctx) => mergeFor(ctx),
        expect: 401,
      },
      {
        as: 'supervisor',
        relation: 'same organisation',
        method: 'POST',
        path: (ctx) => mergeFor(ctx),
        expect: 200,
      },
      {
        as: 'supervisor',
        relation: 'no such merge',
        method: 'POST',
        path: `/api/v1/case-merges/${randomUUID()}/undo`,
        expect: 404,
      },
      {
        as: 'counsellor',
        relation: 'surviving case assigned to me',
        method: 'POST',
        path: (ctx) => mergeFor(ctx, { assignee: 'counsellor' }),
        expect: 403,
      },
      {
        as: 'counsellor',
        relation: 'not assigned to me',
        method: 'POST',
        path: (ctx) => mergeFor(ctx),
        expect: 404,
      },
      ...NOT_CASE_ROLES.map((role): Check => ({
        as: role,
        relation: 'same organisation',
        method: 'POST',
        path: (ctx) => mergeFor(ctx),
        expect: 404,
      })),
    ],
  },
];
