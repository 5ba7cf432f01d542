import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Built into ../dist/web, which the API serves at `/`. The targets are the oldest browsers the services
 * use (Chrome 109 is the last on Windows 7; Firefox ESR; Safari on iOS 16). In development /api goes to a
 * local API (HAVEN_API, default http://127.0.0.1:3000).
 */
const api = process.env.HAVEN_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../dist/web',
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
