import type { Server } from 'node:http';
import { startWorkerHealthServer, WorkerHealth } from '../../src/platform/health';
import { metricsAccess } from '../../src/platform/metrics/metrics-access';
import { startApi, testEnv, RunningApi } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';

const TOKEN = 'scrape-token-0123456789abcdef0123456789';

function expectBrowserHeaders(res: Response, where: string): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  const directives = Object.fromEntries(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
  expect({ where, scriptSrc: directives['script-src'] }).toEqual({ where, scriptSrc: ["'self'"] });
  expect({ where, frameAncestors: directives['frame-ancestors'] }).toEqual({
    where,
    frameAncestors: ["'none'"],
  });
  expect(csp).not.toContain('unsafe-eval');
  expect({ where, referrer: res.headers.get('referrer-policy') }).toEqual({ where, referrer: 'no-referrer' });
  expect({ where, permissions: res.headers.get('permissions-policy') }).toEqual({
    where,
    permissions: expect.stringContaining('camera=()') as string,
  });
  expect({ where, nosniff: res.headers.get('x-content-type-options') }).toEqual({
    where,
    nosniff: 'nosniff',
  });
  expect({ where, frame: res.headers.get('x-frame-options') }).toEqual({ where, frame: 'DENY' });
}

describe('browser and operations headers', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  describe('outside production', () => {
    let api: RunningApi;
    beforeAll(async () => {
      api = await startApi(testEnv(db.url));
    });
    afterAll(async () => {
      await api?.close();
    });

    it.each([
      ['an API answer', '/api/v1/geography/provinces', 200],
      ['an error answer', '/api/v1/nowhere', 404],
      ['/health/live', '/health/live', 200],
      ['/metrics from loopback', '/metrics', 200],
      ['/api/docs', '/api/docs', 200],
      ['/api/docs-json', '/api/docs-json', 200],
    ])('sets every header on %s', async (where, path, status) => {
      const res = await fetch(`${api.url}${path}`);
      expect({ where, status: res.status }).toEqual({ where, status });
      expectBrowserHeaders(res, where);
      expect(res.headers.get('strict-transport-security')).toBeNull();
    });

    it('serves the documentation page without any inline script', async () => {
      const html = await (await fetch(`${api.url}/api/docs`)).text();
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs).toMatch(/src=/);
        expect(body?.trim()).toBe('');
      }
    });
  });

  describe('in production', () => {
    let api: RunningApi;
    beforeAll(async () => {
      api = await startApi(
        testEnv(db.url, {
          NODE_ENV: 'production',
          PORT: '3000',
          LOG_LEVEL: 'info',
          NOTIFY_EXTERNAL: 'none',
          METRICS_ALLOWED_ADDRESSES: '10.9.8.7',
          METRICS_TOKEN: TOKEN,
        }),
      );
    });
    afterAll(async () => {
      await api?.close();
    });

    it('sends HSTS', async () => {
      const res = await fetch(`${api.url}/health/live`);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    });

    it('does not serve the API documentation unless switched on', async () => {
      expect((await fetch(`${api.url}/api/docs`)).status).toBe(404);
      expect((await fetch(`${api.url}/api/docs-json`)).status).toBe(404);
    });

    it('answers /metrics only to configured addresses or with the scrape token', async () => {
      const refused = await fetch(`${api.url}/metrics`);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN' });
      expectBrowserHeaders(refused, '/metrics refused');
      const wrong = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
      expect(wrong.status).toBe(403);
      const right = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('haven_http_requests_total');
    });
  });

  describe("the worker's /metrics", () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      const health = { ready: () => Promise.resolve({ statusCode: 200, body: { status: 'ok' } }) };
      server = await startWorkerHealthServer(
        health as unknown as WorkerHealth,
        0,
        '127.0.0.1',
        { text: () => Promise.resolve('haven_worker_up 1\n') },
        metricsAccess({ METRICS_ALLOWED_ADDRESSES: '10.9.8.7', METRICS_TOKEN: TOKEN }),
      );
      const address = server.address();
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    afterAll(() => {
      server?.close();
    });

    it('applies the same rule', async () => {
      expect((await fetch(`${url}/metrics`)).status).toBe(403);
      expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(
        200,
      );
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
    });

    it('allows loopback by default', async () => {
      const open = await startWorkerHealthServer(
        { ready: () => Promise.resolve({ statusCode: 200, body: {} }) } as unknown as WorkerHealth,
        0,
        '127.0.0.1',
        { text: () => Promise.resolve('haven_worker_up 1\n') },
        metricsAccess({}),
      );
      const address = open.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
      open.close();
    });
  });
});
