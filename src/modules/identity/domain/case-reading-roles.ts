import { parse } from 'yaml';

/**
 * The actions whose holders read a survivor's file or the fields a referral shares: a role that may
 * pass one of them is a "case-reading role" (issue 12, Security 1), and giving it to an account, or
 * resetting such an account's credentials, waits for a supervisor's confirmation.
 */
export const CASE_READING_ACTIONS = ['case.read', 'case.read_referrals', 'referral.read'] as const;

/** The role isSupervisor stands for (src/modules/access/domain/conditions.ts). */
const SUPERVISOR_ROLE = 'supervisor';
const HAS_ROLE = /^hasRole\(\s*([a-z_][a-z0-9_]*)\s*\)$/;

/**
 * The roles that can read cases, derived from the access rules' text (config/access-rules.yaml), never
 * from a list kept by hand. A condition set passes only for the roles it names (hasRole, or supervisor
 * for isSupervisor); a set that names no role could pass for anyone, so every role counts (fail closed).
 */
export function caseReadingRoles(rulesText: string, allRoles: readonly string[]): string[] {
  const doc = parse(rulesText) as { actions?: Record<string, unknown> } | null;
  const actions = doc?.actions ?? {};
  const found = new Set<string>();
  for (const action of CASE_READING_ACTIONS) {
    const sets = actions[action];
    if (!Array.isArray(sets)) continue;
    for (const set of sets) {
      const conditions = Array.isArray(set) ? set.map(String) : [];
      const named = conditions.flatMap((c) => {
        const m = HAS_ROLE.exec(c.trim());
        if (m?.[1]) return [m[1]];
        return c.trim() === 'isSupervisor' ? [SUPERVISOR_ROLE] : [];
      });
      // Every named role must hold at once; each of them is a case-reading role.
      for (const role of named.length > 0 ? named : allRoles) found.add(role);
    }
  }
  return allRoles.filter((r) => found.has(r));
}
