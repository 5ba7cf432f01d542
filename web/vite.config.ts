import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const OUT_DIR = '../dist/web';

/**
 * Brotli and gzip copies of every text file of the build (x.js.br, x.js.gz), so the API sends the bundle
 * compressed without compressing on each request (@fastify/static's preCompressed): an office PC on a slow
 * line gets about a fifth of the bytes.
 */
function precompress(): Plugin {
  return {
    name: 'haven-precompress',
    apply: 'build',
    writeBundle(_options, bundle) {
      const names = [...Object.keys(bundle), 'index.html'].filter((n) => /\.(js|css|html|svg|json)$/.test(n));
      for (const name of new Set(names)) {
        const file = join(resolve(__dirname, OUT_DIR), name);
        const raw = readFileSync(file);
        if (raw.length < 1024) continue;
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
      }
    },
  };
}

/**
 * Built into ../dist/web, which the API serves at `/`. The targets are the oldest browsers the services
 * use (Chrome 109 is the last on Windows 7; Firefox ESR; Safari on iOS 16). In development /api goes to a
 * local API (HAVEN_API, default http://127.0.0.1:3000).
 */
const api = process.env.HAVEN_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), precompress()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: ['chrome109', 'firefox115', 'safari16'],
    // Source maps stay out of the served folder: they would publish the source to anyone.
    sourcemap: false,
  },
  server: { proxy: { '/api': { target: api, changeOrigin: false } } },
  preview: { proxy: { '/api': { target: api, changeOrigin: false } } },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
});
