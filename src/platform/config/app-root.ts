import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

let cached: string | undefined;

/** The folder holding package.json: the same from src/ (tests) and from dist/src/ (built). */
export function appRoot(): string {
  if (cached) return cached;
  let dir = resolve(__dirname);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Haven cannot find its package.json above ' + __dirname);
    dir = parent;
  }
  cached = dir;
  return dir;
}

export function configDir(override?: string): string {
  return override ? resolve(override) : join(appRoot(), 'config');
}
