/**
 * The browser tests on their own (until the root jest.config.js has a `browser` project):
 *   npx jest -c test/browser/jest.config.js -i
 * They need dist/web (cd web && npm run build) and Chromium at /usr/bin/chromium (or CHROMIUM_BIN).
 */
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: path.join(__dirname, '../..'),
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120_000,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }] },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.browser-spec.ts'],
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
};
