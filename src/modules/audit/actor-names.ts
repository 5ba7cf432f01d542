/**
 * Where the audit module finds the work names of the users in its rows. Identity owns the users table
 * and sits below audit (it writes its sign-ins here), so audit cannot import it: identity provides this
 * port instead, from a global module. Without identity (a test of the audit module alone), names are null.
 */
export const ACTOR_NAMES = Symbol('ACTOR_NAMES');

export interface WorkName {
  username: string;
  displayName: string;
}

export interface ActorNames {
  /** Work names (staff accounts, not survivors' data) by user id; unknown ids are left out. */
  workNamesOf(userIds: readonly string[]): Promise<Map<string, WorkName>>;
}
