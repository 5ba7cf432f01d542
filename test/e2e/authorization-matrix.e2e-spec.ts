import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_DECISION, AccessDecision } from '../../src/platform/http';
import { buildWorld, World } from '../factories/identity';
import { startApi, testEnv, RunningApi } from '../support/app';
import { MANY_SIGN_INS, signInAs, tokenCache } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import type { Check, Dynamic, MatrixContext } from './matrix';

/**
 * The authorization matrix (docs/DESIGN.md §7): every route × every caller × the relations that matter for it,
 * with the expected status. A route that exists and is not listed here fails the suite, and so does a
 * handler without an explicit access decision. Callers are anonymous or the user of one role in
 * organisation A of the test world (two organisations, one user per role in each); later issues add
 * their routes and relations.
 */
import { ALL_ROWS as MATRIX } from './matrix';

describe('the authorization matrix', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let world: World;
  let tokenOf: ReturnType<typeof tokenCache>;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, MANY_SIGN_INS));
    world = await buildWorld(db);
    tokenOf = tokenCache(api);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('lists every route that exists, and no route that does not', () => {
    const listed = MATRIX.map((r) => r.route).sort();
    const existing = [
      ...new Set(api.routes.map((r) => (r.startsWith('GET /api/docs') ? 'GET /api/docs*' : r))),
    ].sort();
    expect(existing).toEqual(listed);
  });

  it('finds an explicit access decision on every controller method', () => {
    const discovery = api.app.get(DiscoveryService);
    const scanner = api.app.get(MetadataScanner);
    const reflector = api.app.get(Reflector);
    const missing: string[] = [];
    for (const wrapper of discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance) continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const name of scanner.getAllMethodNames(proto)) {
        const handler = (instance as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined)
          continue;
        const decision = reflector.getAllAndOverride<AccessDecision | undefined>(ACCESS_DECISION, [
          handler as () => unknown,
          wrapper.metatype as () => unknown,
        ]);
        if (!decision) missing.push(`${wrapper.name}.${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  const resolve = async <T>(value: Dynamic<T>, ctx: MatrixContext): Promise<T> =>
    typeof value === 'function' ? (value as (c: MatrixContext) => T | Promise<T>)(ctx) : value;

  async function send(check: Check): Promise<{ status: number; text: string }> {
    const ctx: MatrixContext = { api, db, world };
    const path = await resolve(check.path, ctx);
    const body = check.body === undefined ? undefined : await resolve(check.body, ctx);
    const headers: Record<string, string> = { ...check.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (check.as !== 'anonymous') {
      const user = world.users[check.as].A;
      const token = check.session === 'fresh' ? (await signInAs(api, user)).accessToken : await tokenOf(user);
      headers.authorization = `Bearer ${token}`;
    }
    const res = await fetch(`${api.url}${path}`, {
      method: check.method ?? 'GET',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  }

  for (const row of MATRIX) {
    for (const check of row.checks) {
      it(`${row.route} as ${check.as} (${check.relation}) → ${check.expect}`, async () => {
        const { status, text } = await send(check);
        // The answer's code comes along, so that a failure says why.
        const code = /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? '';
        expect({ status, code }).toMatchObject({ status: check.expect });
      });
    }
  }
});
