import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Env } from '../config/env.schema';

/** Vite's hashed bundles: a new build gives them new names, so a browser may keep them for a year. */
const ASSETS = 'assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Paths the application never answers: the API, health and metrics keep their own 404s. */
const NOT_THE_APP = /^\/(api|health|metrics)(\/|$)/;

/** dist/web of this checkout, from the source (src/platform/http) or the build (dist/src/platform/http). */
export function defaultWebRoot(): string {
  const up = resolve(__dirname, '../../..');
  return join(basename(up) === 'dist' ? resolve(up, '..') : up, 'dist', 'web');
}

function filesUnder(root: string): Set<string> {
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'));
  return new Set(files);
}

const wantsHtml = (req: FastifyRequest): boolean => (req.headers.accept ?? '').includes('text/html');

/**
 * The web application (dist/web) at `/`: its files by name (the set read once at start, so no path of
 * the request ever reaches the file system), and index.html for any other GET that asks for a page, so
 * the application's own routes (/hotline, /cases/…) load it. No route is registered (the authorization
 * matrix lists the API's routes only): a hook answers before routing. Without dist/web (API-only
 * deployments) nothing is served and `/` gets the API's coded 404.
 */
export async function registerWebApp(fastify: FastifyInstance, env: Env): Promise<void> {
  const root = resolve(env.WEB_DIST_DIR ?? defaultWebRoot());
  if (!existsSync(join(root, 'index.html'))) return;
  const files = filesUnder(root);
  // preCompressed: the build's .br/.gz copies go to browsers that accept them (Vary: Accept-Encoding).
  await fastify.register(fastifyStatic, {
    root,
    serve: false,
    cacheControl: false,
    index: false,
    preCompressed: true,
  });
  fastify.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    const path = req.url.split('?')[0] ?? '/';
    if (NOT_THE_APP.test(path)) return;
    let name: string;
    try {
      name = decodeURIComponent(path.slice(1));
    } catch {
      return;
    }
    if (name !== 'index.html' && files.has(name)) {
      void reply.header('cache-control', name.startsWith(ASSETS) ? IMMUTABLE : 'no-cache');
      return reply.sendFile(name);
    }
    if (name.startsWith(ASSETS) || !wantsHtml(req)) return;
    // The page itself is never cached: a new build must reach the browser at once.
    void reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
    return reply.sendFile('index.html');
  });
}
