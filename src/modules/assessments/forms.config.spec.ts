import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDir } from '../../platform/config';
import { loadCatalogues } from '../../platform/catalogues/catalogue';
import { loadForms } from './forms.config';

const AREAS = (loadCatalogues(join(configDir(), 'catalogues')).get('needs-areas')?.items ?? []).map(
  (i) => i.key,
);

describe('the forms of config/forms', () => {
  const forms = loadForms(configDir(), AREAS);

  it('ship the psychosocial and the needs assessments', () => {
    expect(forms.map((f) => `${f.definition.key}@${f.definition.version}`)).toEqual(
      expect.arrayContaining(['needs@1', 'psychosocial@1']),
    );
  });

  it('assess every needs area of the catalogue, in its order', () => {
    expect(AREAS).toEqual([
      'safety',
      'health',
      'psychosocial',
      'legal_justice',
      'economic_livelihood',
      'shelter',
      'education',
      'family',
    ]);
    const needs = forms.find((f) => f.definition.key === 'needs')!.definition;
    expect(needs.sections.flatMap((s) => (s.needsArea ? [s.needsArea] : []))).toEqual(AREAS);
  });

  it('use every kind of question', () => {
    const kinds = new Set(
      forms.flatMap((f) => f.definition.sections.flatMap((s) => s.questions.map((q) => q.kind))),
    );
    expect([...kinds].sort()).toEqual(['choice', 'choices', 'date', 'number', 'scale', 'text', 'yes_no']);
  });
});

describe('a bad form refuses start-up, naming the file and the setting', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'haven-forms-'));
    cpSync(join(configDir(), 'forms'), join(dir, 'forms'), { recursive: true });
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (rel: string, text: string): void => {
    writeFileSync(join(dir, 'forms', rel), text);
  };
  const base = (questions: string): string => `key: demo
version: 1
title: { vi: Thử, en: Demo }
sections:
  - key: one
    title: { vi: Một, en: One }
    questions:
${questions}`;
  const load = (): (() => unknown) => () => loadForms(dir, AREAS);

  it('refuses an unknown kind', () => {
    mkdirSync(join(dir, 'forms', 'demo'));
    write('demo/1.yaml', base(`      - { key: a, kind: slider, label: { vi: A, en: A } }`));
    expect(load()).toThrow(/demo\/1\.yaml: sections\[0\]\.questions\[0\]\.kind must be one of choice/);
  });

  it('refuses a label without its English', () => {
    mkdirSync(join(dir, 'forms', 'demo'));
    write('demo/1.yaml', base(`      - { key: a, kind: yes_no, label: { vi: A } }`));
    expect(load()).toThrow(/sections\[0\]\.questions\[0\]\.label\.en must be a text/);
  });

  it('refuses an unknown setting', () => {
    mkdirSync(join(dir, 'forms', 'demo'));
    write('demo/1.yaml', base(`      - { key: a, kind: yes_no, label: { vi: A, en: A }, colour: red }`));
    expect(load()).toThrow(/sections\[0\]\.questions\[0\]\.colour is not a setting/);
  });

  it('refuses a condition on a later or unknown question, and a value the question cannot hold', () => {
    mkdirSync(join(dir, 'forms', 'demo'));
    write(
      'demo/1.yaml',
      base(`      - { key: a, kind: text, label: { vi: A, en: A }, showWhen: { question: b, equals: true } }
      - { key: b, kind: yes_no, label: { vi: B, en: B } }
      - key: c
        kind: choice
        label: { vi: C, en: C }
        showWhen: { question: b, equals: maybe }
        options: [{ key: x, label: { vi: X, en: X } }, { key: y, label: { vi: Y, en: Y } }]`),
    );
    expect(load()).toThrow(/questions\[0\]\.showWhen\.question must name an earlier question/);
    expect(load()).toThrow(/questions\[2\]\.showWhen value must be true or false/);
  });

  it('refuses a choice with one option, a scale without range and a key used twice', () => {
    mkdirSync(join(dir, 'forms', 'demo'));
    write(
      'demo/1.yaml',
      base(`      - { key: a, kind: choice, label: { vi: A, en: A }, options: [{ key: x, label: { vi: X, en: X } }] }
      - { key: b, kind: scale, label: { vi: B, en: B }, min: 3, max: 1 }
      - { key: a, kind: yes_no, label: { vi: A, en: A } }`),
    );
    expect(load()).toThrow(/options must list at least two options/);
    expect(load()).toThrow(/questions\[1\] a scale needs whole numbers min < max/);
    expect(load()).toThrow(/questions\[2\]\.key a appears twice in the form/);
  });

  it('refuses a version file whose number is not its version, and a stray file', () => {
    write('needs/2.yaml', readFileSync(join(dir, 'forms', 'needs', '1.yaml'), 'utf8'));
    expect(load()).toThrow(/needs\/2\.yaml: version must be the file's number \(2\)/);
    rmSync(join(dir, 'forms', 'needs', '2.yaml'));
    write('needs/draft.yaml', 'key: needs');
    expect(load()).toThrow(/needs\/draft\.yaml: a version's file is named <version>\.yaml/);
  });

  it('refuses a needs area the catalogue does not have', () => {
    mkdirSync(join(dir, 'forms', 'demo'));
    write(
      'demo/1.yaml',
      base(`      - { key: a, kind: yes_no, label: { vi: A, en: A } }`).replace(
        '    title: { vi: Một, en: One }',
        '    title: { vi: Một, en: One }\n    needsArea: hobbies',
      ),
    );
    expect(load()).toThrow(/sections\[0\]\.needsArea must be a key of config\/catalogues\/needs-areas\.yaml/);
  });
});
