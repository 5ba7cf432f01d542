import { DomainError } from '../../../platform/http';
import type { Queryable } from '../../../platform/database';
import { isForbiddenCombination, normaliseRoles, unknownRoles } from '../domain/roles';
import { OrganizationRepository } from '../organizations/organization.repository';
import { RoleCatalogue } from '../role-catalogue';
import '../identity.errors';

/** Known roles, allowed together, each once in catalogue order; else the coded refusal. */
export function checkRoles(catalogue: RoleCatalogue, roles: string[]): string[] {
  if (unknownRoles(roles, catalogue.roles).length > 0) {
    throw new DomainError('UNKNOWN_ROLE', { field: 'roles', allowed: catalogue.keys().join(', ') }, [
      { field: 'roles' },
    ]);
  }
  if (isForbiddenCombination(roles, catalogue.roles)) {
    throw new DomainError('ROLE_COMBINATION_FORBIDDEN', { field: 'roles' }, [{ field: 'roles' }]);
  }
  return normaliseRoles(roles, catalogue.roles);
}

/** A user's organisation must exist. */
export async function assertOrganizationExists(
  organizations: OrganizationRepository,
  m: Queryable,
  organizationId: string,
): Promise<void> {
  if (!(await organizations.exists(m, organizationId)))
    throw new DomainError('UNKNOWN_ORGANIZATION', { field: 'organizationId' }, [{ field: 'organizationId' }]);
}

export type EmailChange = 'set' | 'changed' | 'cleared';

/**
 * What a requested e-mail does to the stored one: undefined leaves it, null clears it, a string sets it;
 * the same address again is no change. The kind of change is what the audit row records, never the address.
 */
export function emailChangeOf(
  requested: string | null | undefined,
  before: string | null,
): EmailChange | undefined {
  if (requested === undefined || requested === before) return undefined;
  if (requested === null) return 'cleared';
  return before === null ? 'set' : 'changed';
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
