import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_DECISION, AccessDecision } from '../../src/platform/http';
import { startApi, testEnv, RunningApi } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * The authorization matrix (DESIGN.md §7): every route × every caller × the relations that matter for it,
 * with the expected status. A route that exists and is not listed here fails the suite, and so does a
 * handler without an explicit access decision. Later issues add their routes, callers and relations.
 */
import { ALL_ROWS as MATRIX } from './matrix';

describe('the authorization matrix', () => {
  let db: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url));
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

  for (const row of MATRIX) {
    for (const check of row.checks) {
      it(`${row.route} as ${check.as} (${check.relation}) → ${check.expect}`, async () => {
        const res = await fetch(`${api.url}${check.path}`);
        await res.arrayBuffer();
        expect(res.status).toBe(check.expect);
      });
    }
  }
});
