import 'reflect-metadata';
import { join } from 'node:path';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, ValidateNested } from 'class-validator';
import { CatalogueKey } from '../catalogues/catalogue-key';
import { loadCatalogues } from '../catalogues/catalogue';
import { configDir } from '../config/app-root';
import { DomainError } from './domain-error';
import { toErrorBody } from './error-body';
import { createValidationPipe, FieldProblem } from './validation';

// The real catalogues of config/catalogues, as the app loads them.
const loaded = loadCatalogues(join(configDir(), 'catalogues'));
const catalogues = {
  keys: (name: string) => (loaded.get(name)?.items ?? []).map((i) => i.key),
  has: (name: string, key: string) => (loaded.get(name)?.items ?? []).some((i) => i.key === key),
};

class PartDto {
  @CatalogueKey('relationships') @IsOptional() @IsString() relationship?: string;
}

class BodyDto {
  @CatalogueKey('channels') @IsString() channel!: string;
  @CatalogueKey('violence-types', { each: true })
  @IsArray()
  @ArrayMaxSize(3)
  @IsString({ each: true })
  types!: string[];
  @IsOptional() @ValidateNested({ each: true }) @Type(() => PartDto) parts?: PartDto[];
  @CatalogueKey('activity-kinds', { code: 'ACTIVITY_KEY_UNKNOWN' }) @IsOptional() @IsString() kind?: string;
  @IsOptional() @IsString() note?: string;
}

const GOOD = { channel: 'hotline', types: ['physical_assault'] };

async function refusal(body: unknown, pipe = createValidationPipe(catalogues)): Promise<DomainError> {
  try {
    await pipe.transform(body, { type: 'body', metatype: BodyDto });
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('accepted');
}
const fieldsOf = (e: DomainError): string[] => (e.details as FieldProblem[]).map((p) => p.field).sort();

describe('catalogue keys in the validation pipe', () => {
  it('accepts known keys', async () => {
    const pipe = createValidationPipe(catalogues);
    await expect(pipe.transform(GOOD, { type: 'body', metatype: BodyDto })).resolves.toBeInstanceOf(BodyDto);
  });

  it('reports unknown keys, nested ones too, in the same pass as structural problems', async () => {
    const e = await refusal({
      channel: 'fax',
      types: ['physical_assault', 'teleportation'],
      parts: [{ relationship: 'pen_pal' }],
      note: 7,
    });
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(e)).toEqual(['channel', 'note', 'parts.0.relationship', 'types.1']);
    const channel = (e.details as FieldProblem[]).find((p) => p.field === 'channel')!;
    expect(channel.rules).toEqual([
      {
        rule: 'unknownCatalogueKey',
        params: expect.objectContaining({ field: 'channel', catalogue: 'channels' }) as unknown,
      },
    ]);
    expect(channel.problems[0]).not.toContain('fax');
    const vi = toErrorBody(e, 'vi').details as FieldProblem[];
    expect(vi.find((p) => p.field === 'types.1')!.problems[0]).toContain('danh mục violence-types');
  });

  it('leaves a value of the wrong type, or a list broken as a whole, to the rule it broke', async () => {
    const e = await refusal({ channel: 5, types: ['a', 'b', 'c', 'd'], note: 1 });
    expect(e.code).toBe('VALIDATION_FAILED');
    const byField = new Map((e.details as FieldProblem[]).map((p) => [p.field, p]));
    expect([...byField.keys()].sort()).toEqual(['channel', 'note', 'types']);
    expect(byField.get('channel')!.rules!.map((r) => r.rule)).toEqual(['isString']);
  });

  it('answers the code of before, listing every unknown key, when they are the only problems', async () => {
    const one = await refusal({ ...GOOD, channel: 'fax' });
    expect(one.code).toBe('UNKNOWN_CATALOGUE_KEY');
    expect(one.params).toEqual({ field: 'channel', allowed: catalogues.keys('channels').join(', ') });
    expect(toErrorBody(one, 'en')).toMatchObject({ statusCode: 400, code: 'UNKNOWN_CATALOGUE_KEY' });
    const two = await refusal({ channel: 'fax', types: ['teleportation'] });
    expect(two.code).toBe('UNKNOWN_CATALOGUE_KEY');
    expect(two.params.field).toBe('channel, types.0');
    expect((two.details as { fields: { field: string; catalogue: string }[] }).fields).toEqual([
      { field: 'channel', catalogue: 'channels', allowed: catalogues.keys('channels') },
      { field: 'types.0', catalogue: 'violence-types', allowed: catalogues.keys('violence-types') },
    ]);
  });

  it("answers a field's own code, and VALIDATION_FAILED when the codes of the unknown keys differ", async () => {
    const own = await refusal({ ...GOOD, kind: 'picnic' });
    expect([own.code, own.params.field]).toEqual(['ACTIVITY_KEY_UNKNOWN', 'kind']);
    const mixed = await refusal({ ...GOOD, channel: 'fax', kind: 'picnic' });
    expect(mixed.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(mixed)).toEqual(['channel', 'kind']);
  });

  it('without catalogues leaves keys to the services', async () => {
    const pipe = createValidationPipe();
    await expect(
      pipe.transform({ ...GOOD, channel: 'fax' }, { type: 'body', metatype: BodyDto }),
    ).resolves.toBeInstanceOf(BodyDto);
  });
});
