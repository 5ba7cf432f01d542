import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from 'class-transformer';
import {
  Allow,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  checkSettings,
  loadSettingsFile,
  NestedList,
  NestedMap,
  NestedSettings,
  parseSettings,
  readYaml,
  settingNames,
  SettingsSchema,
} from './settings-file';

const LIMIT = 'inner.limit must be a whole number from 1 to 9';

class Inner {
  @IsInt({ message: LIMIT })
  @Min(1, { message: LIMIT })
  @Max(9, { message: LIMIT })
  limit!: number;
}

class Sample {
  @Matches(/^[A-Z]{2}$/, { message: 'code must be two capital letters' })
  code!: string;

  @IsOptional()
  @IsObject({ message: 'inner must be a mapping' })
  @ValidateNested()
  @Type(() => Inner)
  inner?: Inner;

  @Allow()
  kinds?: string[];
}

const SCHEMA: SettingsSchema<Sample> = {
  type: Sample,
  checks: {
    kinds: (v) =>
      Array.isArray(v)
        ? v.filter((k) => k !== 'a' && k !== 'b').map((k) => `kinds: ${String(k)} is not a kind`)
        : [],
  },
};

class Fail extends Error {}

describe('the settings loader', () => {
  it('reads the declared settings in declaration order', () => {
    expect(settingNames(Sample)).toEqual(['code', 'inner', 'kinds']);
    expect(checkSettings('code: HN\ninner: { limit: 3 }\nkinds: [a]\n', SCHEMA)).toEqual({
      problems: [],
      settings: { code: 'HN', inner: { limit: 3 }, kinds: ['a'] },
    });
  });

  it('names every problem: unknown settings first, then each setting in order with its checks', () => {
    expect(
      checkSettings('colour: red\ncode: hn\ninner: { limit: 0, extra: 1 }\nkinds: [a, z]\n', SCHEMA).problems,
    ).toEqual([
      'colour is not a setting (code, inner, kinds)',
      'code must be two capital letters',
      'inner.extra is not a setting',
      LIMIT,
      'kinds: z is not a kind',
    ]);
    expect(checkSettings('code: HN\ninner: [1]\n', SCHEMA).problems).toEqual(['inner must be a mapping']);
  });

  it('refuses text that is not YAML, and a document that is not a mapping', () => {
    expect(checkSettings('code: [HN', SCHEMA).problems[0]).toMatch(/^not valid YAML \(/);
    expect(checkSettings('- a', SCHEMA).problems).toEqual(['the file must be a mapping']);
    expect(checkSettings('', { ...SCHEMA, notAMapping: 'must be a mapping with code' }).problems).toEqual([
      'must be a mapping with code',
    ]);
    expect(readYaml('a: 1')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('throws the loader’s own error naming the file and every problem', () => {
    expect(() => parseSettings('config/x.yaml', 'code: 1\n', SCHEMA, (m) => new Fail(m))).toThrow(
      new Fail('config/x.yaml: code must be two capital letters'),
    );
  });

  it('loads a file from a directory, and names a file it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    writeFileSync(join(dir, 'x.yaml'), 'code: HN\n');
    expect(loadSettingsFile(dir, 'x.yaml', SCHEMA, (m) => new Fail(m)).settings).toEqual({ code: 'HN' });
    expect(() => loadSettingsFile(dir, 'missing.yaml', SCHEMA, (m) => new Fail(m))).toThrow(
      /missing\.yaml: cannot be read \(ENOENT\)/,
    );
  });
});

class Leaf {
  @IsString({ message: '$path must be a text' })
  name!: string;
}

class Branch {
  @IsIn(['a', 'b'], { message: '$path must be a or b' })
  kind!: string;

  @NestedList(() => Leaf, '$path must be a list', '$path must be a mapping')
  leaves!: Leaf[];
}

class Tree {
  @NestedSettings(() => Branch, '$path must be a mapping')
  trunk!: Branch;

  @NestedMap(() => Branch, '$path must be a mapping')
  branches!: Map<string, Branch>;
}

describe('nested settings', () => {
  const problems = (text: string) => checkSettings(text, { type: Tree }).problems;

  it('accepts a mapping, lists of mappings and a mapping of free keys, and keeps the document', () => {
    const text = 'trunk: { kind: a, leaves: [{ name: x }] }\nbranches: { left: { kind: b, leaves: [] } }';
    const { problems: none, settings } = checkSettings(text, { type: Tree });
    expect(none).toEqual([]);
    expect(settings).toEqual({
      trunk: { kind: 'a', leaves: [{ name: 'x' }] },
      branches: { left: { kind: 'b', leaves: [] } },
    });
  });

  it('names each problem by its path: entries of a list as [i], keys of a mapping after a dot', () => {
    expect(
      problems(
        'trunk: { kind: c, leaves: [3, { name: 4, extra: 1 }] }\nbranches: { left: 5, right: { kind: a, leaves: x } }',
      ),
    ).toEqual([
      'trunk.kind must be a or b',
      'trunk.leaves[0] must be a mapping',
      'trunk.leaves[1].extra is not a setting',
      'trunk.leaves[1].name must be a text',
      'branches.left must be a mapping',
      'branches.right.leaves must be a list',
    ]);
    expect(problems('trunk: 1\nbranches: []')).toEqual([
      'trunk must be a mapping',
      'branches must be a mapping',
    ]);
  });

  it('words an unknown top-level key as the schema asks', () => {
    const schema = { type: Tree, unknownKey: (k: string) => `unknown key '${k}'` };
    expect(checkSettings('root: 1', schema).problems[0]).toBe("unknown key 'root'");
  });
});
