// Table ownership (issue 13, docs/ARCHITECTURE.md): SQL in a module names only its own tables and the read
// models other modules export; platform SQL names only platform tables. `npm run lint:tables`.
//
// Owners: a table belongs to the module whose folder declares its TypeORM entity (@Entity in
// src/modules/<module>/…; anything under src/platform/ is 'platform'); .ci/table-owners.json adds the
// views and the tables without an entity, and marks the read models a module exports. Every table and
// view the migrations create must have an owner.
// Uses: every table or view name after FROM / JOIN / INTO / UPDATE / TABLE / USING (and the next names
// of a FROM a, b list) in the string and template literals of src/**/*.ts, plus the first argument of
// insertStatement('t', …) / updateStatement('t', …). Specs, src/seed/ and
// migrations are not scanned. Names that are no table (CTEs, functions, catalogues) are ignored.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const PLATFORM = 'platform';
/** Files under src/ outside modules and platform (main.ts, app.module.ts…) follow the platform's rule. */
const ROOT = 'root';

function toPosix(p) {
  return p.split(path.sep).join('/');
}

/** Who a source file speaks for: a module's name, 'platform', 'root', or null when it is not scanned. */
function ownerOfFile(rel) {
  rel = toPosix(rel);
  if (!rel.startsWith('src/') || !rel.endsWith('.ts')) return null;
  if (rel.endsWith('.spec.ts') || rel.endsWith('.d.ts') || rel.startsWith('src/seed/')) return null;
  const m = /^src\/modules\/([^/]+)\//.exec(rel);
  if (m) return m[1];
  if (rel.startsWith('src/platform/')) return PLATFORM;
  return ROOT;
}

function listTs(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(abs));
    else if (e.name.endsWith('.ts')) out.push(abs);
  }
  return out.sort();
}

/** Table names of the @Entity('t') / @Entity({ name: 't' }) decorators in a file's text. */
function entityTables(text) {
  const names = [];
  const re = /@Entity\(\s*(?:\{[^}]*?\bname\s*:\s*)?['"]([a-z_][a-z0-9_]*)['"]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) names.push(m[1]);
  return names;
}

/** Table and view names the migrations create. */
function createdInMigrations(root) {
  const names = new Map();
  for (const file of listTs(path.join(root, 'migrations'))) {
    const text = fs.readFileSync(file, 'utf8');
    const re =
      /CREATE\s+(?:OR\s+REPLACE\s+)?(?:MATERIALIZED\s+)?(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"?public"?\.)?"?([a-z_][a-z0-9_]*)"?/gi;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (!names.has(m[1])) names.set(m[1], toPosix(path.relative(root, file)));
    }
  }
  return names;
}

/**
 * The ownership map: name → { owner, exported, source }, and the problems found building it (two owners
 * for one table, a declared owner that is no module, a migration's table without an owner).
 * `declared` is the parsed .ci/table-owners.json; `modules` the module folder names.
 */
function buildOwnership(root, declared = readDeclared(), opts = {}) {
  const owners = new Map();
  const problems = [];
  const modules = fs.existsSync(path.join(root, 'src/modules'))
    ? fs
        .readdirSync(path.join(root, 'src/modules'), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
    : [];
  const files = [...listTs(path.join(root, 'src/modules')), ...listTs(path.join(root, 'src/platform'))];
  for (const file of files) {
    const rel = toPosix(path.relative(root, file));
    if (rel.endsWith('.spec.ts')) continue;
    const owner = ownerOfFile(rel);
    for (const table of entityTables(fs.readFileSync(file, 'utf8'))) {
      const prior = owners.get(table);
      if (prior && prior.owner !== owner) {
        problems.push(
          `${rel}: table ${table} is declared by ${owner} and by ${prior.owner} (${prior.source})`,
        );
        continue;
      }
      owners.set(table, { owner, exported: false, source: rel });
    }
  }
  for (const [name, d] of Object.entries(declared.objects ?? {})) {
    if (d.owner !== PLATFORM && !modules.includes(d.owner)) {
      problems.push(
        `.ci/table-owners.json: ${name}'s owner '${d.owner}' is no module of src/modules and not 'platform'`,
      );
      continue;
    }
    const prior = owners.get(name);
    if (prior && prior.owner !== d.owner) {
      problems.push(
        `.ci/table-owners.json: ${name} is owned by ${d.owner} there but its entity is in ${prior.source}`,
      );
      continue;
    }
    owners.set(name, { owner: d.owner, exported: d.exported === true, source: '.ci/table-owners.json' });
  }
  if (opts.checkMigrations !== false) {
    for (const [name, file] of createdInMigrations(root)) {
      if (!owners.has(name)) {
        problems.push(
          `${file}: ${name} has no owner (give it an entity in its module, or declare it in .ci/table-owners.json)`,
        );
      }
    }
  }
  return { owners, problems };
}

function readDeclared() {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'table-owners.json'), 'utf8'));
}

const KEYWORD =
  /\b(FROM|JOIN|INTO|UPDATE|TABLE|USING)\s+(?:ONLY\s+)?(?:"?public"?\.)?"?([a-z_][a-z0-9_]*)"?/gi;
/** The next name of a `FROM a x, b y` list, right after a name (and its alias). */
const LIST_NEXT = /(?:\s+(?:AS\s+)?[a-z_][a-z0-9_]*)?\s*,\s*(?:"?public"?\.)?"?([a-z_][a-z0-9_]*)"?/iy;
const ALIAS_WORDS = new Set([
  'where',
  'join',
  'left',
  'right',
  'inner',
  'full',
  'cross',
  'on',
  'group',
  'order',
  'limit',
  'for',
  'union',
  'returning',
  'set',
  'natural',
  'having',
  'window',
  'offset',
  'using',
]);
const STATEMENT_HELPERS = new Set(['insertStatement', 'updateStatement']);

/** Names after the SQL keywords in one literal's text; `at` maps an index of `text` to a file position. */
function namesInSql(text, at) {
  const out = [];
  KEYWORD.lastIndex = 0;
  for (let m = KEYWORD.exec(text); m; m = KEYWORD.exec(text)) {
    out.push({ name: m[2], pos: at(m.index + m[0].lastIndexOf(m[2])) });
    if (m[1].toUpperCase() !== 'FROM') continue;
    let i = KEYWORD.lastIndex;
    for (;;) {
      LIST_NEXT.lastIndex = i;
      const n = LIST_NEXT.exec(text);
      if (!n) break;
      const alias = /^\s+(?:AS\s+)?([a-z_][a-z0-9_]*)/i.exec(n[0]);
      if (alias && ALIAS_WORDS.has(alias[1].toLowerCase())) break;
      out.push({ name: n[1], pos: at(n.index + n[0].lastIndexOf(n[1])) });
      i = LIST_NEXT.lastIndex;
    }
  }
  return out;
}

/** Every table-like name a TypeScript file's literals name in SQL: [{ name, line }]. */
function sqlNames(fileName, text) {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = [];
  const add = (name, pos) => found.push({ name, line: sf.getLineAndCharacterOfPosition(pos).line + 1 });
  const visit = (node) => {
    switch (node.kind) {
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      case ts.SyntaxKind.TemplateHead:
      case ts.SyntaxKind.TemplateMiddle:
      case ts.SyntaxKind.TemplateTail: {
        const start = node.getStart(sf);
        for (const n of namesInSql(text.slice(start, node.getEnd()), (i) => start + i)) add(n.name, n.pos);
        break;
      }
      case ts.SyntaxKind.CallExpression: {
        const callee = node.expression;
        const name = ts.isIdentifier(callee)
          ? callee.text
          : ts.isPropertyAccessExpression(callee)
            ? callee.name.text
            : '';
        const first = node.arguments[0];
        if (STATEMENT_HELPERS.has(name) && first && ts.isStringLiteralLike(first))
          add(first.text, first.getStart(sf));
        break;
      }
      default:
        break;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The module order of eslint/module-boundaries.mjs (a module uses only the modules above it), or null. */
function moduleOrder(root) {
  const file = path.join(root, 'eslint/module-boundaries.mjs');
  if (!fs.existsSync(file)) return null;
  const m = /MODULE_ORDER\s*=\s*\[([^\]]*)\]/.exec(fs.readFileSync(file, 'utf8'));
  return m ? [...m[1].matchAll(/['"]([a-z-]+)['"]/g)].map((x) => x[1]) : null;
}

/**
 * Why a file of `fileOwner` may not name `table` (owned as `o`), or null when it may. A module may name
 * its own tables and the exported read models of the modules above it; platform and root code only
 * platform tables.
 */
function violation(fileOwner, table, o, order) {
  if (o.owner === fileOwner) return null;
  if (fileOwner === PLATFORM || fileOwner === ROOT) {
    return `${fileOwner === PLATFORM ? 'platform' : 'src/'} code names ${o.owner}'s ${o.exported ? 'read model' : 'table'}`;
  }
  if (!o.exported) return `owned by ${o.owner}, which does not export it as a read model`;
  if (o.owner === PLATFORM) return null;
  if (
    order &&
    order.includes(fileOwner) &&
    order.includes(o.owner) &&
    order.indexOf(o.owner) > order.indexOf(fileOwner)
  ) {
    return `${o.owner}'s read model, but ${o.owner} is below ${fileOwner} in the module order`;
  }
  return null;
}

/** The findings of one file: [{ file, line, table, owner, fileOwner, why }]. */
function checkFile(rel, text, owners, order = null) {
  const fileOwner = ownerOfFile(rel);
  if (!fileOwner) return [];
  const findings = [];
  const seen = new Set();
  for (const { name, line } of sqlNames(rel, text)) {
    const o = owners.get(name.toLowerCase());
    if (!o) continue;
    const why = violation(fileOwner, name, o, order);
    const key = `${line}:${name}`;
    if (why && !seen.has(key)) {
      seen.add(key);
      findings.push({ file: toPosix(rel), line, table: name, owner: o.owner, fileOwner, why });
    }
  }
  return findings;
}

/** The whole check over a checkout: { problems, findings }. */
function check(root, declared = readDeclared()) {
  const { owners, problems } = buildOwnership(root, declared);
  const order = moduleOrder(root);
  const findings = [];
  for (const file of listTs(path.join(root, 'src'))) {
    const rel = toPosix(path.relative(root, file));
    if (!ownerOfFile(rel)) continue;
    findings.push(...checkFile(rel, fs.readFileSync(file, 'utf8'), owners, order));
  }
  return { owners, problems, findings };
}

function main() {
  const root = path.resolve(__dirname, '..');
  const { owners, problems, findings } = check(root);
  for (const p of problems) console.error(`table-owners: ${p}`);
  for (const f of findings) {
    console.error(`${f.file}:${f.line}  ${f.table}  (${f.fileOwner} → owner ${f.owner}: ${f.why})`);
  }
  if (problems.length || findings.length) {
    console.error(
      `table-owners: ${findings.length} foreign table use(s), ${problems.length} ownership problem(s). ` +
        "Read another module's data through its exported read model or its index.ts (docs/ARCHITECTURE.md).",
    );
    process.exit(1);
  }
  console.log(`table-owners: ${owners.size} tables and views, each named only by its owner`);
}

module.exports = { buildOwnership, checkFile, check, sqlNames, entityTables, ownerOfFile, PLATFORM };

if (require.main === module) main();
