import type { AccessDecision } from '../../../src/platform/http';
import type { RoleName, World } from '../../factories/identity';
import type { RunningApi } from '../../support/app';
import type { TestDatabase } from '../../support/database';

/**
 * Who calls: anonymous, or the user who holds that one role in organisation A of the test world
 * (test/factories/identity.ts buildWorld). Relations to the record (same or other organisation, self…)
 * are carried by the path: a record of organisation B stands for "another organisation".
 */
export type Caller = 'anonymous' | RoleName;

/** What a check may use to build its request: the running API, its database and the test world. */
export interface MatrixContext {
  api: RunningApi;
  db: TestDatabase;
  world: World;
}

/** A value, or a function of the context that makes it (for ids of records made for the check). */
export type Dynamic<T> = T | ((ctx: MatrixContext) => T | Promise<T>);

/** A JSON request body: an object or an array. */
export type JsonBody = Record<string, unknown> | unknown[];

export interface Check {
  as: Caller;
  /** What the request stands for, e.g. "known province", "other organisation", "self". */
  relation: string;
  /** GET when left out. */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: Dynamic<string>;
  /** A JSON body. */
  body?: Dynamic<JsonBody>;
  headers?: Record<string, string>;
  /**
   * 'fresh': the caller signs in anew for this check, for a request that ends or changes its session
   * (logout); otherwise one session per caller serves every check.
   */
  session?: 'fresh';
  expect: number;
}

export interface Row {
  /** "METHOD /path" as the router knows it, e.g. "PATCH /api/v1/users/:id". */
  route: string;
  access: AccessDecision['kind'] | 'docs';
  checks: Check[];
}
