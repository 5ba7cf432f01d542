import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, testEnv, RunningApi } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';

const INDEX =
  '<!doctype html><html lang="vi"><head><script type="module" src="/assets/index-Ab12Cd.js"></script></head><body><div id="root"></div></body></html>';
const HTML = { accept: 'text/html,application/xhtml+xml' };
const BIG = `export const words = ${JSON.stringify('người bị bạo lực '.repeat(2000))};`;

/** A raw GET (fetch would decode the body): status, headers and the bytes as sent. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((done, fail) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    })
      .on('error', fail)
      .end();
  });
}

function scriptSrc(res: Response): string[] {
  const csp = res.headers.get('content-security-policy') ?? '';
  const directive = csp
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([name]) => name === 'script-src');
  return directive?.slice(1) ?? [];
}

describe('the web application served by the API process', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'haven-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-Ab12Cd.js'), 'console.log("haven");');
    // What the build's precompress step writes beside a bundle.
    writeFileSync(join(dir, 'assets', 'big-Ef34Gh.js'), BIG);
    writeFileSync(join(dir, 'assets', 'big-Ef34Gh.js.br'), brotliCompressSync(BIG));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  describe('with dist/web present', () => {
    let api: RunningApi;
    beforeAll(async () => {
      api = await startApi(testEnv(db.url, { WEB_DIST_DIR: dir }));
    });
    afterAll(async () => {
      await api?.close();
    });

    it.each(['/', '/hotline', '/cases/3f0c2a4e-0000-4000-8000-000000000000'])(
      '%s answers the application’s index.html under the strict CSP, never cached',
      async (path) => {
        const res = await fetch(`${api.url}${path}`, { headers: HTML });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/html');
        expect(await res.text()).toBe(INDEX);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(scriptSrc(res)).toEqual(["'self'"]);
        expect(res.headers.get('content-security-policy')).not.toContain('unsafe-eval');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
      },
    );

    it('serves a hashed asset with a long, immutable cache', async () => {
      const res = await fetch(`${api.url}/assets/index-Ab12Cd.js`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('javascript');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await res.text()).toContain('haven');
    });

    it('sends the build’s brotli copy to a browser that accepts it, and the plain file to one that does not', async () => {
      const br = await rawGet(`${api.url}/assets/big-Ef34Gh.js`, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.status).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(String(br.headers['content-type'])).toContain('javascript');
      expect(String(br.headers.vary).toLowerCase()).toContain('accept-encoding');
      expect(br.body.length).toBeLessThan(BIG.length / 10);
      expect(brotliDecompressSync(br.body).toString()).toBe(BIG);
      const plain = await rawGet(`${api.url}/assets/big-Ef34Gh.js`, { 'accept-encoding': 'identity' });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString()).toBe(BIG);
    });

    it('answers a missing asset 404, not the page', async () => {
      const res = await fetch(`${api.url}/assets/gone-Zz99.js`, { headers: HTML });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
    });

    it('never gives a file outside dist/web', async () => {
      for (const path of [
        '/..%2Fpackage.json',
        '/%2e%2e/%2e%2e/etc/passwd',
        '/assets/..%2F..%2Fpackage.json',
      ]) {
        const res = await fetch(`${api.url}${path}`);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
      }
    });

    it('leaves /api, /health and /metrics as they were', async () => {
      const unknown = await fetch(`${api.url}/api/v1/unknown`, { headers: HTML });
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
      expect(unknown.headers.get('cache-control')).toBe('no-store');
      const live = await fetch(`${api.url}/health/live`, { headers: HTML });
      expect(live.status).toBe(200);
      expect(live.headers.get('content-type')).toContain('application/json');
      const provinces = await fetch(`${api.url}/api/v1/geography/provinces`, { headers: HTML });
      expect(provinces.headers.get('content-type')).toContain('application/json');
    });

    it('answers a client route asked for as data (no text/html) with the coded 404', async () => {
      const res = await fetch(`${api.url}/hotline`, { headers: { accept: 'application/json' } });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
    });
  });

  describe('without dist/web (an API-only deployment)', () => {
    it('starts, and / answers a short coded 404', async () => {
      const api = await startApi(testEnv(db.url, { WEB_DIST_DIR: join(dir, 'absent') }));
      try {
        const res = await fetch(`${api.url}/`, { headers: HTML });
        expect(res.status).toBe(404);
        expect(((await res.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
        expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
      } finally {
        await api.close();
      }
    });
  });
});
