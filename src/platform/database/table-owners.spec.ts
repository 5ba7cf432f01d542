import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The checks of .ci/table-owners.js (npm run lint:tables) and .ci/layers.js (npm run lint:layers), plain
 * Node.js scripts that run before any build; tested here because the unit project's root is src/.
 */
interface Finding {
  file: string;
  line: number;
  table: string;
  owner: string;
  fileOwner: string;
  why: string;
}
interface Declared {
  objects: Record<string, { owner: string; kind: string; exported?: boolean }>;
}
interface TableOwners {
  buildOwnership(root: string): { owners: Map<string, { owner: string }>; problems: string[] };
  check(
    root: string,
    declared?: Declared,
  ): { owners: Map<string, { owner: string }>; problems: string[]; findings: Finding[] };
}
interface Layers {
  check(root: string): { long: { file: string; lines: number }[]; queries: { file: string; line: number }[] };
}
const REPO = join(__dirname, '..', '..', '..');
/* eslint-disable @typescript-eslint/no-require-imports */
const tableOwners = require(join(REPO, '.ci', 'table-owners.js')) as TableOwners;
const layers = require(join(REPO, '.ci', 'layers.js')) as Layers;
/* eslint-enable @typescript-eslint/no-require-imports */

const DECLARED: Declared = {
  objects: { case_facts: { owner: 'cases', kind: 'view', exported: true } },
};

let root: string;

function write(rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

/** A checkout with three modules and a platform table; `files` adds source files. */
function checkout(files: Record<string, string>): void {
  write(
    'src/modules/cases/entities/case.entity.ts',
    `@Entity({ name: 'cases' })\nexport class CaseEntity {}\n`,
  );
  write(
    'src/modules/followups/entities/follow-up.entity.ts',
    `@Entity('follow_ups')\nexport class FollowUp {}\n`,
  );
  write('src/modules/reporting/index.ts', 'export {};\n');
  write(
    'src/platform/outbox/outbox-event.entity.ts',
    `@Entity({ name: 'outbox_events' })\nexport class E {}\n`,
  );
  for (const [rel, text] of Object.entries(files)) write(rel, text);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'haven-table-owners-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('table ownership check', () => {
  it("fails on a module's SQL naming another module's table, with file, line, table and owner", () => {
    checkout({
      'src/modules/followups/follow-ups.repository.ts': [
        'export const SQL = `SELECT f.id',
        '  FROM follow_ups f',
        '  JOIN cases c ON c.id = f.case_id`;',
        '',
      ].join('\n'),
    });
    const { findings, problems } = tableOwners.check(root, DECLARED);
    expect(problems).toEqual([]);
    expect(findings).toEqual([
      expect.objectContaining({
        file: 'src/modules/followups/follow-ups.repository.ts',
        line: 3,
        table: 'cases',
        owner: 'cases',
        fileOwner: 'followups',
      }),
    ]);
  });

  it('passes a module naming its own tables and an exported read model', () => {
    checkout({
      'src/modules/followups/follow-ups.repository.ts':
        "export const SQL = 'SELECT f.id FROM follow_ups f JOIN case_facts c ON c.id = f.case_id';\n",
      'src/modules/cases/cases.repository.ts': 'export const SQL = `UPDATE cases SET status = $1`;\n',
    });
    expect(tableOwners.check(root, DECLARED).findings).toEqual([]);
  });

  it('sees insertStatement/updateStatement tables, comma joins, DELETE and lower-case SQL', () => {
    checkout({
      'src/modules/followups/a.repository.ts': "insertStatement('cases', { id: 1 });\n",
      'src/modules/followups/b.repository.ts': "updateStatement('cases', {}, () => 'true');\n",
      'src/modules/followups/c.repository.ts': "const q = 'SELECT 1 FROM follow_ups f, cases c';\n",
      'src/modules/followups/d.repository.ts': 'const q = `delete from cases where id = $1`;\n',
      'src/modules/followups/e.repository.ts':
        'const q = `SELECT 1 FROM follow_ups f JOIN ${"x"} x ON true JOIN "cases" c ON true`;\n',
    });
    const files = tableOwners.check(root, DECLARED).findings.map((f) => `${f.file}:${f.table}`);
    expect(files.sort()).toEqual(
      ['a', 'b', 'c', 'd', 'e'].map((x) => `src/modules/followups/${x}.repository.ts:cases`),
    );
  });

  it('ignores comments, specs, the seed and names that are no table', () => {
    checkout({
      'src/modules/followups/a.repository.ts':
        '// reads FROM cases\nconst q = `WITH cases_x AS (SELECT 1) SELECT * FROM cases_x, unnest($1::text[])`;\n',
      'src/modules/followups/a.repository.spec.ts': "const q = 'SELECT * FROM cases';\n",
      'src/seed/demo-seed.ts': "const q = 'SELECT * FROM cases';\n",
    });
    expect(tableOwners.check(root, DECLARED).findings).toEqual([]);
  });

  it("fails on platform SQL naming a module's table or read model, passes its own", () => {
    checkout({
      'src/platform/outbox/outbox.repository.ts':
        "const a = 'SELECT 1 FROM outbox_events';\nconst b = 'SELECT 1 FROM case_facts';\n",
    });
    const findings = tableOwners.check(root, DECLARED).findings;
    expect(findings.map((f) => [f.table, f.fileOwner, f.line])).toEqual([['case_facts', 'platform', 2]]);
  });

  it('fails when a read model is used by a module above its owner (the module order)', () => {
    checkout({
      'eslint/module-boundaries.mjs': "export const MODULE_ORDER = ['identity', 'cases', 'followups'];\n",
      'src/modules/identity/entities/user.entity.ts': "@Entity({ name: 'users' })\nexport class U {}\n",
      'src/modules/identity/users.repository.ts': "const q = 'SELECT 1 FROM case_facts';\n",
    });
    expect(tableOwners.check(root, DECLARED).findings.map((f) => [f.fileOwner, f.table])).toEqual([
      ['identity', 'case_facts'],
    ]);
  });

  it('reports a table the migrations create without an owner, and a table with two owners', () => {
    checkout({
      'migrations/1-X.ts': 'await q.query(`CREATE TABLE "orphans" (id int)`);\n',
      'src/modules/reporting/entities/case.entity.ts': "@Entity({ name: 'cases' })\nexport class C {}\n",
    });
    const { problems } = tableOwners.check(root, DECLARED);
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/orphans has no owner/);
    expect(problems.join('\n')).toMatch(/table cases is declared by reporting and by cases/);
  });

  it("gives every table and view this checkout's migrations create an owner", () => {
    expect(tableOwners.buildOwnership(REPO).problems).toEqual([]);
  });
});

describe('layer check', () => {
  it('fails on a file over 400 lines and on SQL calls outside repositories and SQL builders', () => {
    write('src/modules/cases/long.service.ts', 'export {};\n'.repeat(401));
    write('src/modules/cases/ok.service.ts', 'export {};\n'.repeat(400));
    write('src/modules/cases/long.service.spec.ts', 'export {};\n'.repeat(500));
    write('src/seed/generate-cases.ts', 'export {};\n'.repeat(500));
    write(
      'src/modules/cases/cases.service.ts',
      [
        "import { rowsOf } from '../../platform/database';",
        '// m.query( in a comment is fine',
        "await m.query('SELECT 1');",
        "await m.query<{ n: number }[]>('SELECT 1');",
        "await rowsOf(m, 'SELECT 1');",
        '',
      ].join('\n'),
    );
    write('src/modules/cases/case.repository.ts', "await m.query('SELECT 1');\n");
    write('src/modules/cases/access.sql.ts', "await m.query('SELECT 1');\n");
    const { long, queries } = layers.check(root);
    expect(long).toEqual([{ file: 'src/modules/cases/long.service.ts', lines: 401 }]);
    expect(queries.map((q) => `${q.file}:${q.line}`)).toEqual([
      'src/modules/cases/cases.service.ts:3',
      'src/modules/cases/cases.service.ts:4',
      'src/modules/cases/cases.service.ts:5',
    ]);
  });
});
