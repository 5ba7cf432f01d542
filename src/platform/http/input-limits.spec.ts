import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { EnvironmentVariables } from '../config/env.schema';

/** Every DTO file of the application (modules' dto folders and the platform's). */
function dtoFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return dtoFiles(path);
    return /(\/dto\/[^/]+|\.dto)\.ts$/.test(path) && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

// Rules that bound a text by themselves: a fixed set, an id, a date, a length.
const BOUNDING = new Set([
  'maxLength',
  'length',
  'isIn',
  'isEnum',
  'isUUID',
  'isISO8601',
  'isDateString',
  'calendarDay',
  'instant',
  'isBooleanString',
  'isNumberString',
]);

/** A pattern bounds a text when it is anchored and has no open-ended repetition. */
function boundedPattern(m: ValidationMetadata): boolean {
  const pattern = m.constraints?.[0] as RegExp | string | undefined;
  const source = pattern instanceof RegExp ? pattern.source : (pattern ?? '');
  return source.startsWith('^') && source.endsWith('$') && !/[+*]|\{\d+,\}/.test(source.replace(/\\./g, ''));
}

describe('input limits of every DTO (issue 12, security 8)', () => {
  const files = dtoFiles(join(__dirname, '..', '..'));
  // Loaded for their decorators, which fill class-validator's metadata storage.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const f of files) require(f);
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<{ name: string }, ValidationMetadata[]>;
  };

  it('finds the DTOs', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(storage.validationMetadatas.size).toBeGreaterThan(50);
  });

  it('bounds every text field by a length, a set, an id, a date or a closed pattern', () => {
    const unbounded: string[] = [];
    for (const [target, metas] of storage.validationMetadatas) {
      // The environment schema and the settings files' schemas (classes named *Settings, read by
      // platform/config/settings-file.ts from config/) are validated too, but the operator writes them,
      // not a caller.
      if (target === EnvironmentVariables || target.name.endsWith('Settings')) continue;
      const byProperty = new Map<string, ValidationMetadata[]>();
      for (const m of metas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
      for (const [property, rules] of byProperty) {
        if (!rules.some((r) => r.name === 'isString')) continue;
        const bounded = rules.some(
          (r) => BOUNDING.has(r.name ?? r.type) || ((r.name ?? r.type) === 'matches' && boundedPattern(r)),
        );
        if (!bounded) unbounded.push(`${target.name}.${property}`);
      }
    }
    expect(unbounded.sort()).toEqual([]);
  });
});
