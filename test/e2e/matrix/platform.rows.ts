import type { Row } from './types';

/** Health, metrics and the API documentation. */
export const PLATFORM_ROWS: Row[] = [
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
