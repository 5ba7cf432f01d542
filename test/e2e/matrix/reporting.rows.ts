import { ROLE_NAMES } from '../../factories/identity';
import type { Check, Row } from './types';

/**
 * Statistics and plan indicators (config/access-rules.yaml report.statistics, report.indicators): centre
 * managers (the city) and supervisors (their organisation's cases); every other role 403. Figures hold
 * no record, so there is no relation to a record: only the role decides.
 */
const FIGURE_ROLES = ['centre_manager', 'supervisor'];

const STATISTICS = '/api/v1/statistics/cases?period=2026-H2&groupBy=communeCode,violenceType,sex';
const INDICATORS = '/api/v1/indicators?plan=hanoi-96-kh-ubnd&period=2026-H2';

const byRole = (path: string, relation: string): Check[] => [
  { as: 'anonymous', relation: 'not signed in', path, expect: 401 },
  ...ROLE_NAMES.map((role): Check => ({
    as: role,
    relation,
    path,
    expect: FIGURE_ROLES.includes(role) ? 200 : 403,
  })),
];

export const REPORTING_ROWS: Row[] = [
  {
    route: 'GET /api/v1/statistics/:subject',
    access: 'policy',
    checks: [
      ...byRole(STATISTICS, 'city or own organisation'),
      ...byRole('/api/v1/statistics/referrals?period=2026&groupBy=service,referralOutcome', 'referrals'),
    ],
  },
  {
    route: 'GET /api/v1/indicators',
    access: 'policy',
    checks: byRole(INDICATORS, 'city or own organisation'),
  },
  {
    route: 'GET /api/v1/indicators/plans',
    access: 'policy',
    checks: byRole('/api/v1/indicators/plans', 'the configured plans'),
  },
];
