import type { AccessDecision } from '../../../src/platform/http';

/** Who calls: anonymous, or a signed-in user of the test world (later issues add roles). */
export type Caller = 'anonymous';

export interface Check {
  as: Caller;
  /** What the request stands for, e.g. "known province", "unknown province". */
  relation: string;
  path: string;
  expect: number;
}

export interface Row {
  route: string;
  access: AccessDecision['kind'] | 'docs';
  checks: Check[];
}
