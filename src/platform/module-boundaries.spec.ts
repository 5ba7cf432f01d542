import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * The module-boundary rule (eslint/module-boundaries.mjs) on one file's imports: the messages it reports.
 * Run in a child Node process, which loads the rule's ES module as ESLint does.
 */
function lint(file: string, code: string): string[] {
  const script = `
    const { Linter } = require('eslint');
    import(${JSON.stringify(join(ROOT, 'eslint', 'module-boundaries.mjs'))}).then(({ default: haven }) => {
      const linter = new Linter({ configType: 'flat', cwd: ${JSON.stringify(ROOT)} });
      const messages = linter.verify(process.argv[2], [{
        files: ['**/*.ts'],
        languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { haven },
        rules: { 'haven/module-boundaries': 'error' },
      }], { filename: process.argv[1] });
      process.stdout.write(JSON.stringify(messages.map((m) => m.message)));
    });`;
  const out = execFileSync(process.execPath, ['-e', script, join(ROOT, file), code], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[];
}

describe('the module-boundary lint rule', () => {
  it('refuses an import from platform into a root module (src/*.module.ts) or another root file', () => {
    expect(lint('src/platform/http/x.ts', "import { AppModule } from '../../app.module';")).toEqual([
      "src/platform is glue under every module and may not import a root file ('../../app.module'); take the root module as an argument.",
    ]);
    expect(lint('src/platform/x.ts', "import { WorkerModule } from '../worker.module';")).toHaveLength(1);
  });

  it('refuses an import from platform into a module, by its index or a file of it', () => {
    const refused = 'src/platform is glue under every module and may not import a module.';
    expect(lint('src/platform/http/x.ts', "import { CasesModule } from '../../modules/cases';")).toEqual([
      refused,
    ]);
    expect(lint('src/platform/http/x.ts', "export * from '../../modules/cases/cases.errors';")).toEqual([
      refused,
    ]);
  });

  it('lets a module import a module above it through its index only, and platform import platform', () => {
    expect(lint('src/modules/referrals/x.ts', "import { CasesModule } from '../cases';")).toEqual([]);
    expect(lint('src/modules/cases/x.ts', "import { ReferralsModule } from '../referrals';")).toHaveLength(1);
    expect(lint('src/modules/referrals/x.ts', "import { X } from '../cases/cases.service';")).toHaveLength(1);
    expect(lint('src/platform/http/x.ts', "import { Env } from '../config';")).toEqual([]);
    expect(lint('src/main.ts', "import { AppModule } from './app.module';")).toEqual([]);
  });
});
