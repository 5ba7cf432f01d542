import type { FigureScope } from './statistics.types';

/**
 * The figures a signed-in user may see (docs/DESIGN.md §6): a supervisor's organisation's cases; a centre
 * manager's the city, or their organisation's when config/reporting.yaml says `managerScope:
 * organization`. Any other role reaches no figures (the access rules refuse it before this is asked).
 */
export function figureScopeOf(
  user: { roles: readonly string[]; organizationId: string },
  config: { provinceCode: string; managerScope: 'city' | 'organization' },
): FigureScope {
  const city = user.roles.includes('centre_manager') && config.managerScope === 'city';
  return city
    ? { provinceCode: config.provinceCode }
    : { provinceCode: config.provinceCode, organizationId: user.organizationId };
}
