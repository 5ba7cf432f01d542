// The module boundary of docs/DESIGN.md §2 (docs/ARCHITECTURE.md, Conventions) as a lint rule:
// - a module imports another module only through that module's index.ts, and only a module above it in
//   MODULE_ORDER (the dependency direction of docs/DESIGN.md §2);
// - src/platform imports no module and no root file (src/*.module.ts, main.ts…): it is the glue at the
//   ground that every module uses, and the root modules are handed to it (createApiApp(root, env));
// - nothing but src/web imports src/web; nothing in src imports test/ or bench/.
// Written here rather than configured in a generic plugin because the ordering rule is Haven's own.
import path from 'node:path';

export const MODULE_ORDER = [
  'geography',
  'audit',
  'identity',
  'access',
  'notifications',
  'directory',
  'cases',
  'calls',
  'documents',
  'assessments',
  'referrals',
  'followups',
  'plans',
  'activities',
  'reporting',
  'printing',
  'web',
];

function classify(file, root) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  // 'src/modules/cases' (an import of its index) as well as 'src/modules/cases/…'.
  const m = /^src\/modules\/([^/]+)(?:\/(.*))?$/.exec(rel);
  if (m) return { kind: 'module', name: m[1], rest: m[2] ?? '' };
  if (rel.startsWith('src/platform/')) return { kind: 'platform' };
  if (rel.startsWith('src/web/')) return { kind: 'module', name: 'web', rest: rel.slice('src/web/'.length) };
  if (rel.startsWith('src/')) return { kind: 'root' };
  if (rel.startsWith('test/')) return { kind: 'test' };
  if (rel.startsWith('bench/')) return { kind: 'bench' };
  return { kind: 'other' };
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the module boundaries of docs/DESIGN.md §2' },
    schema: [],
    messages: {
      notIndex: "Import module '{{target}}' through its index.ts ('…/modules/{{target}}'), not '{{source}}'.",
      wrongDirection:
        "Module '{{from}}' may not import module '{{target}}': a module uses only the modules above it (docs/DESIGN.md §2).",
      unknownModule: "Module '{{name}}' is not in the module order of eslint/module-boundaries.mjs.",
      platformImportsModule: 'src/platform is glue under every module and may not import a module.',
      platformImportsRoot:
        "src/platform is glue under every module and may not import a root file ('{{source}}'); take the root module as an argument.",
      srcImportsTests: 'Product code may not import test or bench code.',
    },
  },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    const root = context.cwd ?? process.cwd();
    const from = classify(filename, root);
    // Specs beside the code are tests: they may reach wherever they need to.
    if (filename.endsWith('.spec.ts')) return {};
    if (from.kind === 'other' || from.kind === 'test' || from.kind === 'bench') return {};
    if (from.kind === 'module' && !MODULE_ORDER.includes(from.name)) {
      return {
        Program(node) {
          context.report({ node, messageId: 'unknownModule', data: { name: from.name } });
        },
      };
    }
    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = classify(path.resolve(path.dirname(filename), source), root);
      if (target.kind === 'test' || target.kind === 'bench') {
        context.report({ node, messageId: 'srcImportsTests' });
        return;
      }
      if (from.kind === 'platform' && target.kind === 'root') {
        context.report({ node, messageId: 'platformImportsRoot', data: { source } });
        return;
      }
      if (target.kind !== 'module') return;
      if (from.kind === 'platform') {
        context.report({ node, messageId: 'platformImportsModule' });
        return;
      }
      if (from.kind === 'module' && from.name === target.name) return;
      if (target.rest !== '' && target.rest !== 'index' && target.rest !== 'index.ts') {
        context.report({ node, messageId: 'notIndex', data: { target: target.name, source } });
        return;
      }
      if (from.kind === 'module') {
        const a = MODULE_ORDER.indexOf(from.name);
        const b = MODULE_ORDER.indexOf(target.name);
        if (b === -1 || b >= a) {
          context.report({
            node,
            messageId: 'wrongDirection',
            data: { from: from.name, target: target.name },
          });
        }
      }
    }
    return {
      ImportDeclaration(node) {
        check(node, node.source.value);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value);
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value);
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source.value);
      },
      CallExpression(node) {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        ) {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};

export default { rules: { 'module-boundaries': rule } };
