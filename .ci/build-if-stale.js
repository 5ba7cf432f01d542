// Builds dist/ (nest build, then the web application into dist/web) only when the sources changed since the last build: `npm run start:local`
// and `npm run cli` call it, so a second run starts at once. A stamp written at the start of each build
// records what dist/ was built from; anything newer under the inputs makes it stale.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const INPUTS = [
  'src',
  'migrations',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  'package-lock.json',
  'web/src',
  'web/index.html',
  'web/vite.config.ts',
  'web/package.json',
];
const STAMP = join('dist', '.build-stamp');

/** The newest file under the inputs, as { path, mtimeMs }. */
function newestInput(root) {
  let newest = { path: '', mtimeMs: 0 };
  const visit = (rel) => {
    const abs = join(root, rel);
    if (!existsSync(abs)) return;
    const st = statSync(abs);
    if (st.isDirectory()) {
      if (rel.endsWith('node_modules')) return;
      for (const name of readdirSync(abs)) visit(join(rel, name));
    } else if (st.mtimeMs > newest.mtimeMs) {
      newest = { path: rel, mtimeMs: st.mtimeMs };
    }
  };
  for (const input of INPUTS) visit(input);
  return newest;
}

/** Why dist/ must be built again, or null when it is current. */
function staleReason(root) {
  // An installed image has dist/ and no sources: nothing to build from, nothing to compare.
  if (!existsSync(join(root, 'src'))) return null;
  // The stamp of the last build made here, else the compiled API of a plain `npm run build`.
  const built = [STAMP, join('dist', 'src', 'main.js')].map((f) => join(root, f)).find((f) => existsSync(f));
  if (!built) return 'no build yet';
  const newest = newestInput(root);
  return newest.mtimeMs > statSync(built).mtimeMs ? `${newest.path} changed since the last build` : null;
}

function main() {
  const root = join(__dirname, '..');
  const reason = staleReason(root);
  if (reason === null) return 0;
  process.stderr.write(`Building Haven (${reason})…\n`);
  const started = new Date();
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) return build.status ?? 1;
  // nest build empties dist/ (deleteOutDir): the web application is built again into dist/web.
  const web = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
    cwd: join(root, 'web'),
    stdio: 'inherit',
  });
  if (web.status !== 0) return web.status ?? 1;
  // Dated at the build's start: a file saved during the build makes the next run build again.
  const stamp = join(root, STAMP);
  writeFileSync(stamp, `${started.toISOString()}\n`);
  utimesSync(stamp, started, started);
  return 0;
}

module.exports = { staleReason, STAMP };
if (require.main === module) process.exit(main());
