import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A plain Node.js script (it runs before any build), loaded as such.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staleReason, STAMP } = require('../../.ci/build-if-stale.js') as {
  staleReason: (root: string) => string | null;
  STAMP: string;
};

/** `npm run start:local` and `npm run cli` build only when dist/ is older than the sources. */
describe('build-if-stale', () => {
  let root: string;
  const at = (path: string, seconds: number) => {
    const t = new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
    utimesSync(join(root, path), t, t);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'haven-build-'));
    mkdirSync(join(root, 'src', 'platform'), { recursive: true });
    mkdirSync(join(root, 'migrations'));
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'src', 'platform', 'a.ts'), '');
    writeFileSync(join(root, 'migrations', '1-x.ts'), '');
    writeFileSync(join(root, 'tsconfig.json'), '{}');
    at('src/platform/a.ts', 10);
    at('migrations/1-x.ts', 10);
    at('tsconfig.json', 10);
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('builds when there was no build', () => {
    expect(staleReason(root)).toBe('no build yet');
  });

  it('does not build when dist/ is newer than every source', () => {
    writeFileSync(join(root, STAMP), '');
    at(STAMP, 20);
    expect(staleReason(root)).toBeNull();
  });

  it('takes a plain `npm run build` (no stamp) as the last build', () => {
    mkdirSync(join(root, 'dist', 'src'));
    writeFileSync(join(root, 'dist', 'src', 'main.js'), '');
    at('dist/src/main.js', 20);
    expect(staleReason(root)).toBeNull();
    at('src/platform/a.ts', 30);
    expect(staleReason(root)).toBe('src/platform/a.ts changed since the last build');
  });

  it('has nothing to build where there are no sources (the production image)', () => {
    rmSync(join(root, 'src'), { recursive: true });
    expect(staleReason(root)).toBeNull();
  });

  it('builds when a source, a migration or the TypeScript settings changed since', () => {
    writeFileSync(join(root, STAMP), '');
    at(STAMP, 20);
    for (const changed of ['src/platform/a.ts', 'migrations/1-x.ts', 'tsconfig.json']) {
      at(changed, 30);
      expect(staleReason(root)).toBe(`${changed} changed since the last build`);
      at(changed, 10);
    }
  });
});
