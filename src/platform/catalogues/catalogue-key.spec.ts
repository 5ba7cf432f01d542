import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from '../config/app-root';
import { loadCatalogues } from './catalogue';
import { allCatalogueKeyFields, catalogueKeyFieldsOf } from './catalogue-key';

const MODULES = join(__dirname, '..', '..', 'modules');

/** Every DTO file of the modules (src/modules/<m>/**\/dto/*.ts), loaded so their decorators run. */
function dtoFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return dtoFiles(path);
    return /[/\\]dto[/\\][^/\\]+\.ts$/.test(path) && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('@CatalogueKey on the DTOs', () => {
  const files = dtoFiles(MODULES);
  beforeAll(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const f of files) require(f);
  });

  it('names, on every decorated field, a catalogue that exists in config/catalogues', () => {
    const names = new Set(loadCatalogues(join(configDir(), 'catalogues')).keys());
    const fields = allCatalogueKeyFields();
    // The walk must have found the intake's fields, else it proves nothing.
    expect(fields.length).toBeGreaterThanOrEqual(30);
    const wrong = fields
      .filter((f) => !names.has(f.catalogue))
      .map((f) => `${(f.target as { name: string }).name}.${f.property}: ${f.catalogue}`);
    expect(wrong).toEqual([]);
  });

  it('covers the intake, its nested parts and the survivor of an edit', () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const intake = require(join(MODULES, 'cases/dto/case.dto.ts')) as Record<string, unknown>;
    const file = require(join(MODULES, 'cases/dto/case-file.dto.ts')) as Record<string, unknown>;
    /* eslint-enable @typescript-eslint/no-require-imports */
    const of = (type: unknown) => catalogueKeyFieldsOf(type).map((f) => `${f.property}:${f.catalogue}`);
    expect(of(intake.CreateCaseDto)).toEqual(['channel:channels']);
    expect(of(intake.IncidentDto)).toEqual(
      expect.arrayContaining(['violenceTypes:violence-types', 'dvActs:dv-acts', 'placeType:place-types']),
    );
    expect(of(file.UpdateSurvivorDto)).toEqual(of(intake.SurvivorDto));
    expect(of(file.IncidentInputDto)).toEqual(of(intake.IncidentDto));
  });
});
