import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { appRoot } from './app-root';

/** A path as error messages show it: relative to the application root when inside it ("config/cases.yaml"). */
export function displayConfigPath(path: string): string {
  const rel = relative(appRoot(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * Reads one of the module settings files of `config/` (cases.yaml, referrals.yaml, …) for a loader that
 * validates it at start-up. A file that cannot be read throws the loader's own error, naming the file and
 * the system's code (never its content).
 */
export function readConfigFile(
  configDirectory: string,
  fileName: string,
  fail: (message: string) => Error,
): { file: string; text: string } {
  const path = join(configDirectory, fileName);
  const file = displayConfigPath(path);
  try {
    return { file, text: readFileSync(path, 'utf8') };
  } catch (e) {
    throw fail(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
