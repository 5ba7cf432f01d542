#!/usr/bin/env node
// The compressed JavaScript of the first screen: the entry chunk of dist/web/index.html and every chunk it
// imports statically (gzip -9 each, summed), plus the sign-in screen's own lazy chunk, which a signed-out
// visitor loads at once. Fails above the budget (default 250 KB; --max-kb N).
// Usage: node scripts/bundle-size.mjs [--max-kb 250] [--json]
import process from 'node:process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, '../../dist/web');
const args = process.argv.slice(2);
const maxKb = Number(args[args.indexOf('--max-kb') + 1]) || 250;

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entry = /<script[^>]+type="module"[^>]+src="\/([^"]+)"/.exec(html)?.[1];
if (!entry) throw new Error('no module script in dist/web/index.html');

// Static imports only: `import … from "./x.js"` and `import "./x.js"`, never `import("./x.js")`.
// (The minifier quotes with ", ' or `.)
const STATIC =
  /\bimport\s*(?:[^"'`();]*?\bfrom\s*)?["'`]([^"'`]+\.js)["'`]|\bexport\s*[^"'`();]*?\bfrom\s*["'`]([^"'`]+\.js)["'`]/g;

/** @param {string} start @returns {Set<string>} */
function closure(start) {
  /** @type {Set<string>} */
  const seen = new Set();
  /** @param {string} file */
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    for (const m of code.matchAll(STATIC)) visit(join(dirname(file), m[1] ?? m[2]));
  };
  visit(start);
  return seen;
}

/** @param {string} file */
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const entryFiles = closure(entry);
const login = /["'`](?:\.\/)?(?:assets\/)?(LoginPage-[\w-]+\.js)["'`]/.exec(
  readFileSync(join(dist, entry), 'utf8'),
)?.[1];
const loginFiles = login ? [...closure(join('assets', login))].filter((f) => !entryFiles.has(f)) : [];

const rows = [...entryFiles, ...loginFiles].map((f) => ({ file: f, gzipBytes: gz(f) }));
const total = rows.reduce((s, r) => s + r.gzipBytes, 0);
/** @param {number} b */
const kb = (b) => (b / 1024).toFixed(1);

if (args.includes('--json')) {
  process.stdout.write(
    JSON.stringify({ files: rows, totalGzipBytes: total, budgetKb: maxKb }, null, 2) + '\n',
  );
} else {
  for (const r of rows) process.stdout.write(`${kb(r.gzipBytes).padStart(8)} KB  ${r.file}\n`);
  process.stdout.write(`${kb(total).padStart(8)} KB  first screen, gzip -9 (budget ${maxKb} KB)\n`);
}
if (total > maxKb * 1024) {
  process.stderr.write(`The first screen's JavaScript is over budget: ${kb(total)} KB > ${maxKb} KB.\n`);
  process.exit(1);
}
