// The layer rules of issue 13 (docs/ARCHITECTURE.md) that ESLint does not see. `npm run lint:layers`.
// - No source file under src/ has more than 400 lines (specs and the seed generator excepted).
// - SQL runs only in repository files (*.repository.ts) and pure SQL builders (*.sql.ts); specs and
//   src/seed/ are exempt (migrations and bench/ are outside src/). A call is `.query(` or `.query<T>(`
//   (which `grep "\.query("` misses) or a statement runner of src/platform/database/base.repository.ts (rowsOf,
//   firstRow, run, updateReturning, changedCount); comments and strings do not count.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const MAX_LINES = 400;
const LONG_FILE_EXCEPTIONS = new Set(['src/seed/generate-cases.ts']);

function toPosix(p) {
  return p.split(path.sep).join('/');
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

/** Lines as `wc -l` counts them (a last line without its newline still counts). */
function lineCount(text) {
  if (text === '') return 0;
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
}

function isSpec(rel) {
  return rel.endsWith('.spec.ts');
}

/** A file over the line limit: { file, lines } or null. */
function tooLong(rel, text) {
  if (isSpec(rel) || LONG_FILE_EXCEPTIONS.has(rel)) return null;
  const lines = lineCount(text);
  return lines > MAX_LINES ? { file: rel, lines } : null;
}

/** Files that may run SQL: repositories, pure SQL builders, the statement helpers themselves, specs, seed. */
const SQL_HELPER_FILES = new Set([
  'src/platform/database/base.repository.ts',
  'src/platform/database/sql-params.ts',
]);
function mayQuery(rel) {
  return (
    isSpec(rel) ||
    rel.endsWith('.repository.ts') ||
    rel.endsWith('.sql.ts') ||
    SQL_HELPER_FILES.has(rel) ||
    rel.startsWith('src/seed/') ||
    rel.startsWith('migrations/') ||
    rel.startsWith('bench/')
  );
}

/** The statement runners of src/platform/database/base.repository.ts: calling one runs SQL like `.query(` does. */
const RUNNERS = new Set(['rowsOf', 'firstRow', 'run', 'updateReturning', 'changedCount']);

/** Names a file imports from a module path containing 'database' (where the runners live). */
function databaseImports(sf) {
  const names = new Set();
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    if (!/database/.test(st.moduleSpecifier.text)) continue;
    const b = st.importClause && st.importClause.namedBindings;
    if (b && ts.isNamedImports(b)) for (const e of b.elements) names.add((e.propertyName || e.name).text);
  }
  return names;
}

/**
 * The SQL calls of a file that may not make them: [{ file, line, call }]. A call is `x.query(…)` or
 * `x.query<T>(…)` (comments and strings do not count), or a call of a runner imported from the
 * database helpers (rowsOf, firstRow, run, updateReturning, changedCount).
 */
function queryCalls(rel, text) {
  if (mayQuery(rel)) return [];
  const sf = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const imported = databaseImports(sf);
  const out = [];
  const visit = (node) => {
    if (ts.isCallExpression(node)) {
      const e = node.expression;
      let call = null;
      if (ts.isPropertyAccessExpression(e) && e.name.text === 'query') call = '.query(';
      else if (ts.isIdentifier(e) && RUNNERS.has(e.text) && imported.has(e.text)) call = `${e.text}(`;
      if (call)
        out.push({ file: rel, line: sf.getLineAndCharacterOfPosition(e.getStart(sf)).line + 1, call });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function check(root) {
  const long = [];
  const queries = [];
  for (const abs of listTs(path.join(root, 'src'))) {
    const rel = toPosix(path.relative(root, abs));
    const text = fs.readFileSync(abs, 'utf8');
    const l = tooLong(rel, text);
    if (l) long.push(l);
    queries.push(...queryCalls(rel, text));
  }
  return { long, queries };
}

function main() {
  const { long, queries } = check(path.resolve(__dirname, '..'));
  for (const l of long)
    console.error(`${l.file}: ${l.lines} lines (at most ${MAX_LINES}: split it by use case)`);
  for (const q of queries) {
    console.error(
      `${q.file}:${q.line}: ${q.call} outside a repository (*.repository.ts) or SQL builder (*.sql.ts)`,
    );
  }
  if (long.length || queries.length) {
    const files = new Set(queries.map((q) => q.file)).size;
    console.error(
      `layers: ${long.length} file(s) over ${MAX_LINES} lines, ${queries.length} SQL call(s) in ${files} file(s) outside repositories`,
    );
    process.exit(1);
  }
  console.log(`layers: no file over ${MAX_LINES} lines, SQL only in repositories and SQL builders`);
}

module.exports = { check, tooLong, queryCalls, lineCount, MAX_LINES };

if (require.main === module) main();
