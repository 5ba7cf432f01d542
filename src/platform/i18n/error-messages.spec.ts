import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PlatformErrors } from '../http/domain-error';
import { loadMessages } from './i18n';

const SRC = join(__dirname, '..', '..');

/** Every `*.errors.ts` under src/, found on disk (so a new module's file cannot be forgotten). */
function errorFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return errorFiles(path);
    return e.name.endsWith('.errors.ts') ? [path] : [];
  });
}

/** The codes a module registers: the exported `{ CODE: 'CODE' }` objects of registerErrorCodes. */
function codesOf(file: string): string[] {
  const exported = jest.requireActual<Record<string, unknown>>(file);
  return Object.values(exported).flatMap((value) =>
    value !== null && typeof value === 'object'
      ? Object.entries(value)
          .filter(([k, v]) => k === v)
          .map(([k]) => k)
      : [],
  );
}

describe('error codes and their messages', () => {
  const messages = loadMessages();
  const files = errorFiles(SRC);
  const byFile: [string, string[]][] = [
    ...files.map((f): [string, string[]] => [relative(SRC, f), codesOf(f)]),
    ['platform/http/domain-error.ts', Object.keys(PlatformErrors)],
  ];

  it('finds the errors file of every module', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
    for (const [file, codes] of byFile)
      expect({ file, empty: codes.length === 0 }).toEqual({ file, empty: false });
  });

  it.each(byFile)('%s: every code has a Vietnamese and an English message', (_file, codes) => {
    const missing = codes.flatMap((code) =>
      (['vi', 'en'] as const)
        .filter((lang) => !messages[lang][code]?.trim())
        .map((lang) => `${code} (${lang})`),
    );
    expect(missing).toEqual([]);
  });
});
