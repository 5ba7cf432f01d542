/**
 * Role rules (docs/DESIGN.md §1, §7) over the roles catalogue: which roles read cases, which need the second
 * factor, and which combinations are forbidden. Plain data in, answers out.
 */
export const ADMIN_ROLE = 'admin';
export const AUDITOR_ROLE = 'auditor';
/** Supervisors confirm account changes of their organisation and assign its cases. */
export const SUPERVISOR_ROLE = 'supervisor';

export interface RoleTraits {
  key: string;
  /** The role reads case files: admin and auditor never combine with it. */
  readsCases: boolean;
  /** The role can read personal data: with admin, it needs the second factor. */
  personalData: boolean;
}

/** Roles of the list that the catalogue does not know. */
export function unknownRoles(roles: readonly string[], catalogue: readonly RoleTraits[]): string[] {
  const known = new Set(catalogue.map((r) => r.key));
  return roles.filter((r) => !known.has(r));
}

/** admin or auditor together with a role that reads cases (separation of duties). */
export function isForbiddenCombination(roles: readonly string[], catalogue: readonly RoleTraits[]): boolean {
  const oversight = roles.some((r) => r === ADMIN_ROLE || r === AUDITOR_ROLE);
  if (!oversight) return false;
  return roles.some((r) => catalogue.find((c) => c.key === r)?.readsCases === true);
}

/** Whether holding these roles calls for the second factor (when it is required at all). */
export function needsSecondFactor(roles: readonly string[], catalogue: readonly RoleTraits[]): boolean {
  return roles.some((r) => r === ADMIN_ROLE || catalogue.find((c) => c.key === r)?.personalData === true);
}

/** The same roles, each once, in catalogue order: what is stored. */
export function normaliseRoles(roles: readonly string[], catalogue: readonly RoleTraits[]): string[] {
  const wanted = new Set(roles);
  return catalogue.map((c) => c.key).filter((k) => wanted.has(k));
}
