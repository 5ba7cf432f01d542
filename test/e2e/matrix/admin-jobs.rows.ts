import { randomBytes } from 'node:crypto';
import { ROLE_NAMES, RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';

/**
 * The dead-letter admin API (admin only, @Roles). The API never touches the queues, so a retry here
 * only records the request; no worker runs in the matrix.
 */

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

function everyRole(base: Omit<Check, 'as' | 'expect'>, expectFor: (role: RoleName) => number): Check[] {
  return ROLE_NAMES.map((role) => ({ ...base, as: role, expect: expectFor(role) }));
}

const adminOnly = (success: number) => (role: RoleName) => (role === 'admin' ? success : 403);
const anonymous = (base: Omit<Check, 'as' | 'expect'>): Check => ({ ...base, as: 'anonymous', expect: 401 });

/** A dead letter made for one check, of a job that needs no worker to be asked for. */
const deadLetter = async (ctx: MatrixContext): Promise<string> => {
  const [row] = await ctx.db.query<{ id: string }>(
    `INSERT INTO dead_letters (queue, job_id, job_name, payload, error, attempts)
     VALUES ('maintenance', $1, 'maintenance.purge_outbox', '{}', 'Error: matrix', 3) RETURNING id`,
    [`matrix-${randomBytes(6).toString('hex')}`],
  );
  return row!.id;
};

export const ADMIN_JOBS_ROWS: Row[] = [
  {
    route: 'GET /api/v1/admin/jobs/failed',
    access: 'roles',
    checks: [
      anonymous({ relation: 'no token', path: '/api/v1/admin/jobs/failed' }),
      ...everyRole({ relation: 'list', path: '/api/v1/admin/jobs/failed?limit=5' }, adminOnly(200)),
    ],
  },
  {
    route: 'POST /api/v1/admin/jobs/failed/:id/retry',
    access: 'roles',
    checks: [
      anonymous({
        relation: 'no token',
        method: 'POST',
        path: async (ctx) => `/api/v1/admin/jobs/failed/${await deadLetter(ctx)}/retry`,
      }),
      ...everyRole(
        {
          relation: 'open dead letter',
          method: 'POST',
          path: async (ctx) => `/api/v1/admin/jobs/failed/${await deadLetter(ctx)}/retry`,
        },
        adminOnly(200),
      ),
      ...everyRole(
        {
          relation: 'unknown dead letter',
          method: 'POST',
          path: `/api/v1/admin/jobs/failed/${UNKNOWN_ID}/retry`,
        },
        adminOnly(404),
      ),
    ],
  },
];
