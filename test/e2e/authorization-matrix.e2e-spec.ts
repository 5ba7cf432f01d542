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
type Caller = 'anonymous';

interface Check {
  as: Caller;
  /** What the request stands for, e.g. "known province", "unknown province". */
  relation: string;
  path: string;
  expect: number;
}

interface Row {
  route: string;
  access: AccessDecision['kind'] | 'docs';
  checks: Check[];
}

const MATRIX: Row[] = [
  {
    route: 'GET /health/live',
    access: 'public',
    checks: [{ as: 'anonymous', relation: 'any', path: '/health/live', expect: 200 }],
  },
  {
    route: 'GET /health/ready',
    access: 'public',
    checks: [{ as: 'anonymous', relation: 'any', path: '/health/ready', expect: 200 }],
  },
  {
    route: 'GET /metrics',
    access: 'public',
    checks: [{ as: 'anonymous', relation: 'any', path: '/metrics', expect: 200 }],
  },
  {
    route: 'GET /api/v1/geography/provinces',
    access: 'public',
    checks: [{ as: 'anonymous', relation: 'any', path: '/api/v1/geography/provinces', expect: 200 }],
  },
  {
    route: 'GET /api/v1/geography/provinces/:provinceCode/communes',
    access: 'public',
    checks: [
      {
        as: 'anonymous',
        relation: 'known province',
        path: '/api/v1/geography/provinces/01/communes',
        expect: 200,
      },
      {
        as: 'anonymous',
        relation: 'unknown province',
        path: '/api/v1/geography/provinces/99/communes',
        expect: 404,
      },
    ],
  },
  // The OpenAPI document, its page and the page's assets: public by design, they describe the API and
  // hold no data. Every route under /api/docs counts as this one row.
  {
    route: 'GET /api/docs*',
    access: 'docs',
    checks: [
      { as: 'anonymous', relation: 'page', path: '/api/docs', expect: 200 },
      { as: 'anonymous', relation: 'document', path: '/api/docs-json', expect: 200 },
      { as: 'anonymous', relation: 'document', path: '/api/docs-yaml', expect: 200 },
      { as: 'anonymous', relation: 'asset', path: '/api/docs/swagger-ui.css', expect: 200 },
      { as: 'anonymous', relation: 'asset', path: '/api/docs/swagger-ui-init.js', expect: 200 },
    ],
  },
];

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
