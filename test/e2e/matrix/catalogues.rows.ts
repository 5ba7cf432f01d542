import { ROLE_NAMES } from '../../factories/identity';
import type { Check, Row } from './types';

/** The catalogues: reference data for any signed-in member of staff, whatever their role. */
const signedInStaff = (path: string, relation: string): Check[] => [
  { as: 'anonymous', relation: 'not signed in', path, expect: 401 },
  ...ROLE_NAMES.map((role): Check => ({ as: role, relation, path, expect: 200 })),
];

export const CATALOGUES_ROWS: Row[] = [
  {
    route: 'GET /api/v1/catalogues',
    access: 'authenticated',
    checks: signedInStaff('/api/v1/catalogues', 'any'),
  },
  {
    route: 'GET /api/v1/catalogues/:name',
    access: 'authenticated',
    checks: [
      ...signedInStaff('/api/v1/catalogues/risk-questionnaire', 'known catalogue'),
      {
        as: 'anonymous',
        relation: 'unknown catalogue, not signed in',
        path: '/api/v1/catalogues/no-such-catalogue',
        expect: 401,
      },
      ...ROLE_NAMES.map((role): Check => ({
        as: role,
        relation: 'unknown catalogue',
        path: '/api/v1/catalogues/no-such-catalogue',
        expect: 404,
      })),
    ],
  },
];
