import { ROLE_NAMES } from '../../factories/identity';
import type { Check, Row } from './types';

/** Reading the audit trail: auditors only, whatever the organisation; everyone else 403, anonymous 401. */
const auditorOnly = (path: string): Check[] => [
  { as: 'anonymous', relation: 'not signed in', path, expect: 401 },
  ...ROLE_NAMES.map((role): Check => ({
    as: role,
    relation: 'any',
    path,
    expect: role === 'auditor' ? 200 : 403,
  })),
];

export const AUDIT_ROWS: Row[] = [
  {
    route: 'GET /api/v1/audit',
    access: 'roles',
    checks: [
      ...auditorOnly('/api/v1/audit'),
      {
        as: 'auditor',
        relation: 'actions of a user of another organisation',
        path: ({ world }) => `/api/v1/audit?actorId=${world.users.counsellor.B.id}`,
        expect: 200,
      },
      {
        as: 'counsellor',
        relation: 'filtered on their own actions',
        path: ({ world }) => `/api/v1/audit?actorId=${world.users.counsellor.A.id}`,
        expect: 403,
      },
    ],
  },
  {
    route: 'GET /api/v1/audit/verify',
    access: 'roles',
    checks: auditorOnly('/api/v1/audit/verify'),
  },
];
