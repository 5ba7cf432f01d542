import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const WEB = join(ROOT, 'web');
const BUILT = join(ROOT, 'dist/web/index.html');

function newestUnder(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules') continue;
    newest = Math.max(newest, newestUnder(join(path, name)));
  }
  return newest;
}

/**
 * The browser tests drive the built application (dist/web). `npm run build` makes it; a test run after
 * an edit of web/ (or on a fresh clone) builds it first, once, so they never drive a stale bundle.
 */
export function ensureWebBuilt(): void {
  const inputs = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) =>
    newestUnder(join(WEB, p)),
  );
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= Math.max(...inputs)) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: WEB,
      stdio: 'inherit',
    },
  );
}
