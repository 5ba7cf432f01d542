import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDir } from '../config/app-root';
import { Catalogue, CatalogueError, loadCatalogues, parseCatalogue } from './catalogue';
import { REQUIRED_CATALOGUES } from './catalogue.service';

const keysOf = (cat: Catalogue | undefined): string[] => (cat?.items ?? []).map((i) => i.key);

describe('loadCatalogues on config/catalogues', () => {
  const catalogues = loadCatalogues(join(configDir(), 'catalogues'));

  it('loads every required catalogue', () => {
    expect([...catalogues.keys()].sort()).toEqual(expect.arrayContaining([...REQUIRED_CATALOGUES]));
  });

  it('has the intake channels', () => {
    expect(keysOf(catalogues.get('channels'))).toEqual([
      'hotline',
      'walk_in',
      'trusted_address',
      'safe_house',
      'referral_in',
      'outreach',
      'police',
      'health',
    ]);
  });

  it('has the sexes', () => {
    expect(keysOf(catalogues.get('sexes'))).toEqual(['female', 'male', 'other', 'unknown']);
  });

  it('has the age groups', () => {
    expect(keysOf(catalogues.get('age-groups'))).toEqual([
      'age_0_5',
      'age_6_11',
      'age_12_17',
      'age_18_25',
      'age_26_40',
      'age_41_60',
      'age_61_plus',
    ]);
  });

  it('has the six GBVIMS violence types', () => {
    expect(keysOf(catalogues.get('violence-types'))).toEqual([
      'rape',
      'sexual_assault',
      'physical_assault',
      'forced_marriage',
      'denial_of_resources',
      'psychological_abuse',
    ]);
  });

  it('puts every domestic-violence act in one of the four groups', () => {
    const dvActs = catalogues.get('dv-acts');
    expect((dvActs?.groups ?? []).map((g) => g.key)).toEqual([
      'physical',
      'psychological',
      'sexual',
      'economic',
    ]);
    const items = dvActs?.items ?? [];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items)
      expect(['physical', 'psychological', 'sexual', 'economic']).toContain(item.group);
  });

  it('gives every item of every catalogue a Vietnamese and an English label', () => {
    for (const cat of catalogues.values()) {
      for (const item of cat.items) {
        expect(item.vi.trim()).not.toBe('');
        expect(item.en.trim()).not.toBe('');
      }
    }
  });
});

describe('the case catalogues of config/catalogues (case intake)', () => {
  const catalogues = loadCatalogues(join(configDir(), 'catalogues'));
  const items = (name: string) => catalogues.get(name)?.items ?? [];
  const item = (name: string, key: string) => items(name).find((i) => i.key === key);

  const CASE_CATALOGUES = [
    'relationships',
    'place-types',
    'risk-questionnaire',
    'closure-reasons',
    'services',
    'protection-measures',
    'consent-purposes',
    'consent-methods',
    'consent-givers',
    'shared-fields',
    'marital-statuses',
    'occupation-groups',
  ];

  // In a YAML flow mapping an unquoted comma splits a label: "{ vi: Anh, chị, em }" reads as vi: Anh
  // plus the fields "chị" and "em" without a value.
  it('has no field without a value (an unquoted comma in a label)', () => {
    const empty: string[] = [];
    for (const name of CASE_CATALOGUES) {
      const cat = catalogues.get(name);
      for (const entry of [...(cat?.items ?? []), ...(cat?.groups ?? []), ...(cat?.levels ?? [])])
        for (const [field, value] of Object.entries(entry))
          if (value === null || value === undefined) empty.push(`${name}: ${field}`);
    }
    expect(empty).toEqual([]);
  });

  it('has the relationships an intake records, intimate partners marked', () => {
    expect(keysOf(catalogues.get('relationships'))).toEqual(
      expect.arrayContaining([
        'intimate_partner',
        'former_intimate_partner',
        'spouse',
        'former_spouse',
        'parent',
        'step_parent',
        'child',
        'sibling',
        'other_family',
        'in_law',
        'caregiver',
        'teacher',
        'employer',
        'colleague',
        'neighbour',
        'friend',
        'stranger',
        'official',
        'other',
        'unknown',
      ]),
    );
    expect(
      items('relationships')
        .filter((i) => i.intimatePartner === true)
        .map((i) => i.key)
        .sort(),
    ).toEqual([
      'cohabiting_partner',
      'former_intimate_partner',
      'former_spouse',
      'intimate_partner',
      'spouse',
    ]);
  });

  it('marks as family members only the relationships of Law 13/2022 Art. 2', () => {
    for (const key of ['spouse', 'former_spouse', 'cohabiting_partner', 'parent', 'child', 'in_law'])
      expect({ key, familyMember: item('relationships', key)?.familyMember }).toEqual({
        key,
        familyMember: true,
      });
    for (const key of ['intimate_partner', 'caregiver', 'teacher', 'neighbour', 'stranger', 'unknown'])
      expect({ key, familyMember: item('relationships', key)?.familyMember }).toEqual({
        key,
        familyMember: false,
      });
  });

  it('has the six place types', () => {
    expect(keysOf(catalogues.get('place-types'))).toEqual([
      'home',
      'workplace',
      'school',
      'public_place',
      'online',
      'other',
    ]);
  });

  it('has the closure reasons of the workflow', () => {
    expect(keysOf(catalogues.get('closure-reasons'))).toEqual([
      'goals_met',
      'survivor_request',
      'moved_away',
      'lost_contact',
      'transferred',
      'deceased',
    ]);
    // Kept for the cases that carry it; new closures are not offered it (a transfer moves the case).
    expect(
      items('closure-reasons')
        .filter((i) => i.offered === false)
        .map((i) => i.key),
    ).toEqual(['transferred']);
  });

  it('has the services of a referral, each given by existing organisation types', () => {
    expect(keysOf(catalogues.get('services'))).toEqual([
      'shelter',
      'medical_care',
      'psychological_counselling',
      'legal_aid',
      'police_protection',
      'economic_support',
      'reintegration',
      'child_protection',
    ]);
    const orgTypes = keysOf(catalogues.get('organization-types'));
    for (const service of items('services'))
      for (const type of service.providerTypes as string[])
        expect({ service: service.key, type, known: orgTypes.includes(type) }).toEqual({
          service: service.key,
          type,
          known: true,
        });
  });

  it('sets the no-contact orders of Law 13/2022 Art. 25 and 26 with their time limits', () => {
    expect(item('protection-measures', 'no_contact_order_commune')).toMatchObject({
      article: '25',
      decisionWithinHours: 12,
      maxDays: 3,
    });
    expect(item('protection-measures', 'no_contact_order_court')).toMatchObject({
      article: '26',
      maxMonths: 4,
    });
    expect(keysOf(catalogues.get('protection-measures'))).toEqual(
      expect.arrayContaining(['safe_place', 'medical_care', 'legal_aid', 'psychological_counselling']),
    );
  });

  it('has the consent purposes, methods and givers, only referral naming recipients', () => {
    expect(keysOf(catalogues.get('consent-purposes'))).toEqual([
      'case_management',
      'referral',
      'reporting',
      'transfer',
    ]);
    expect(
      items('consent-purposes')
        .filter((i) => i.sharing === true)
        .map((i) => i.key),
    ).toEqual(['referral']);
    expect(keysOf(catalogues.get('consent-methods'))).toEqual(['verbal', 'written']);
    expect(keysOf(catalogues.get('consent-givers'))).toEqual(['survivor', 'guardian', 'best_interest']);
    expect(item('consent-givers', 'best_interest')?.childOnly).toBe(true);
  });

  it('names the shared fields as the API does (camelCase), personal data marked', () => {
    expect(keysOf(catalogues.get('shared-fields'))).toEqual([
      'fullName',
      'phones',
      'birthYear',
      'addressDetail',
      'nationalId',
      'guardian',
      'safeContact',
      'riskLevel',
      'violenceTypes',
    ]);
    expect(
      items('shared-fields')
        .filter((i) => i.personalData === false)
        .map((i) => i.key),
    ).toEqual(['riskLevel', 'violenceTypes']);
  });

  it('has marital statuses and occupation groups with an unknown entry', () => {
    expect(keysOf(catalogues.get('marital-statuses'))).toContain('unknown');
    expect(keysOf(catalogues.get('occupation-groups'))).toContain('unknown');
  });

  describe('risk-questionnaire', () => {
    const risk = catalogues.get('risk-questionnaire');

    it('asks the questions of the design, fear on a scale from 0 to 3', () => {
      expect(keysOf(risk)).toEqual(
        expect.arrayContaining([
          'threats_to_kill',
          'weapon_access',
          'strangulation',
          'escalating_violence',
          'pregnancy',
          'recent_separation',
          'child_at_risk',
          'perpetrator_substance_abuse',
          'stalking',
          'sexual_violence',
          'controlling_behaviour',
          'suicide_threats',
          'fear_level',
        ]),
      );
      expect(item('risk-questionnaire', 'fear_level')).toMatchObject({ type: 'scale', max: 3 });
      expect(item('risk-questionnaire', 'threats_to_kill')).toMatchObject({ type: 'boolean' });
    });

    it('has the four levels, labelled as the glossary says, high and critical alerting', () => {
      expect(risk?.levels?.map((l) => [l.level, l.vi, l.alert])).toEqual([
        ['low', 'Thấp', false],
        ['medium', 'Trung bình', false],
        ['high', 'Cao', true],
        ['critical', 'Rất cao', true],
      ]);
    });

    it('rates a threat to kill with a weapon at hand high', () => {
      const score = ['threats_to_kill', 'weapon_access']
        .map((k) => item('risk-questionnaire', k)?.weight as number)
        .reduce((a, b) => a + b, 0);
      const level = [...(risk?.levels ?? [])].reverse().find((l) => score >= l.minScore);
      expect(level?.level).toBe('high');
    });
  });
});

describe('parseCatalogue', () => {
  const FILE = 'channels.yaml';

  function refusal(text: string): string {
    try {
      parseCatalogue(FILE, text);
    } catch (e: unknown) {
      if (e instanceof CatalogueError) return e.message;
      throw e;
    }
    throw new Error('parseCatalogue accepted a malformed catalogue');
  }

  const header = 'name: channels\nlabel: { vi: Kênh, en: Channel }\n';

  it('refuses YAML that does not parse, naming the file', () => {
    const message = refusal(`${header}items:\n  - { key: a, key: b, vi: A, en: A }\n`);
    expect(message).toContain('channels.yaml: not valid YAML');
  });

  it('parses a well-formed catalogue with extra item fields', () => {
    const cat = parseCatalogue(
      FILE,
      `${header}items:\n  - { key: hotline, vi: Đường dây nóng, en: Hotline, order: 1 }\n`,
    );
    expect(cat).toEqual({
      name: 'channels',
      label: { vi: 'Kênh', en: 'Channel' },
      items: [{ key: 'hotline', vi: 'Đường dây nóng', en: 'Hotline', order: 1 }],
      groups: undefined,
    });
  });

  it.each(['WalkIn', 'walk-in', '1st_contact', 'walk in'])('refuses the non-snake_case key %p', (key) => {
    const message = refusal(`${header}items:\n  - { key: "${key}", vi: A, en: A }\n`);
    expect(message).toBe(`${FILE}: items[0].key must be snake_case (a-z, 0-9, _)`);
  });

  it('refuses an item without a key', () => {
    expect(refusal(`${header}items:\n  - { vi: A, en: A }\n`)).toContain(`${FILE}: items[0].key`);
  });

  it('refuses a key that appears twice', () => {
    const message = refusal(
      `${header}items:\n  - { key: hotline, vi: A, en: A }\n  - { key: hotline, vi: B, en: B }\n`,
    );
    expect(message).toBe(`${FILE}: key hotline appears twice`);
  });

  it.each(['vi', 'en'])('refuses an item without a %s label', (lang) => {
    const other = lang === 'vi' ? 'en' : 'vi';
    const message = refusal(`${header}items:\n  - { key: hotline, ${other}: Hotline }\n`);
    expect(message).toBe(`${FILE}: hotline needs a ${lang} label`);
  });

  // config/catalogues/dv-acts.yaml had its label broken this way: "Điều 3)" became a field of the label.
  it("refuses a catalogue label split by an unquoted comma, naming the catalogue and the label's field", () => {
    const text =
      'name: dv-acts\nlabel:\n  {\n    vi: Hành vi (Luật 13/2022/QH15,\n    Điều 3),\n' +
      '    en: Acts (Law 13/2022/QH15,\n    Art. 3),\n  }\nitems:\n  - { key: a, vi: A, en: A }\n';
    expect(refusal(text)).toBe(
      `${FILE}: label has the field "Điều 3)" without a value (an unquoted comma in a label?)`,
    );
  });

  it('refuses a catalogue label that is not a string in both languages, or has another field', () => {
    const items = 'items:\n  - { key: a, vi: A, en: A }\n';
    expect(refusal(`name: channels\nlabel: { vi: [Kênh], en: Channel }\n${items}`)).toBe(
      `${FILE}: label needs vi and en`,
    );
    expect(refusal(`name: channels\nlabel: { vi: Kênh, en: " " }\n${items}`)).toBe(
      `${FILE}: label needs vi and en`,
    );
    expect(refusal(`name: channels\nlabel: { vi: Kênh, en: Channel, fr: Canal }\n${items}`)).toBe(
      `${FILE}: label has the unknown field "fr"`,
    );
  });

  it("refuses an item label split by an unquoted comma, naming the item's key and the field", () => {
    expect(refusal(`${header}items:\n  - { key: family, vi: Anh, chị, em, en: Siblings }\n`)).toBe(
      `${FILE}: family has the field "chị" without a value (an unquoted comma in a label?)`,
    );
  });

  it('refuses a blank label', () => {
    expect(refusal(`${header}items:\n  - { key: hotline, vi: "  ", en: Hotline }\n`)).toBe(
      `${FILE}: hotline needs a vi label`,
    );
  });

  it('refuses an item naming an unknown group', () => {
    const message = refusal(
      `${header}groups:\n  - { key: physical, vi: Thể chất, en: Physical }\n` +
        `items:\n  - { key: beating, group: spiritual, vi: Đánh, en: Beating }\n`,
    );
    expect(message).toContain(`${FILE}: beating must name one of the groups`);
    expect(message).toContain('physical');
  });

  it('refuses an item without a group when the catalogue has groups', () => {
    const message = refusal(
      `${header}groups:\n  - { key: physical, vi: Thể chất, en: Physical }\n` +
        `items:\n  - { key: beating, vi: Đánh, en: Beating }\n`,
    );
    expect(message).toContain(`${FILE}: beating must name one of the groups`);
  });

  it('refuses an empty item list', () => {
    expect(refusal(`${header}items: []\n`)).toBe(`${FILE}: items must be a non-empty list`);
  });

  it('refuses an item that is not a mapping', () => {
    expect(refusal(`${header}items:\n  - hotline\n`)).toBe(`${FILE}: items[0] must be a mapping`);
  });

  it('refuses a missing or malformed name', () => {
    expect(refusal('label: { vi: A, en: A }\nitems:\n  - { key: a, vi: A, en: A }\n')).toBe(
      `${FILE}: name is missing or malformed`,
    );
    expect(refusal('name: Channels\nlabel: { vi: A, en: A }\nitems:\n  - { key: a, vi: A, en: A }\n')).toBe(
      `${FILE}: name is missing or malformed`,
    );
  });

  it('refuses a catalogue label without both languages', () => {
    expect(refusal('name: channels\nlabel: { vi: Kênh }\nitems:\n  - { key: a, vi: A, en: A }\n')).toBe(
      `${FILE}: label needs vi and en`,
    );
  });

  it('refuses a document that is not a mapping', () => {
    expect(refusal('')).toBe(`${FILE}: not a mapping`);
    expect(refusal('just text')).toBe(`${FILE}: not a mapping`);
  });
});

describe('loadCatalogues', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'haven-catalogues-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const catalogueText = (name: string): string =>
    `name: ${name}\nlabel: { vi: Nhãn, en: Label }\nitems:\n  - { key: first, vi: Một, en: One }\n`;

  it('loads every .yaml file and ignores other files', () => {
    writeFileSync(join(dir, 'sexes.yaml'), catalogueText('sexes'));
    writeFileSync(join(dir, 'channels.yaml'), catalogueText('channels'));
    writeFileSync(join(dir, 'README.md'), '# not a catalogue');
    const loaded = loadCatalogues(dir);
    expect([...loaded.keys()]).toEqual(['channels', 'sexes']);
    expect(keysOf(loaded.get('sexes'))).toEqual(['first']);
  });

  it('refuses a catalogue whose name does not match its file name', () => {
    writeFileSync(join(dir, 'channels.yaml'), catalogueText('sexes'));
    expect(() => loadCatalogues(dir)).toThrow(
      new CatalogueError('channels.yaml: name sexes does not match the file name'),
    );
  });

  it('names the malformed file among good ones', () => {
    writeFileSync(join(dir, 'channels.yaml'), catalogueText('channels'));
    writeFileSync(
      join(dir, 'sexes.yaml'),
      'name: sexes\nlabel: { vi: Giới tính, en: Sex }\nitems:\n  - { key: Female, vi: Nữ, en: Female }\n',
    );
    expect(() => loadCatalogues(dir)).toThrow('sexes.yaml: items[0].key must be snake_case');
  });

  it('refuses a duplicate key in a file on disk', () => {
    writeFileSync(
      join(dir, 'sexes.yaml'),
      'name: sexes\nlabel: { vi: Giới tính, en: Sex }\nitems:\n' +
        '  - { key: female, vi: Nữ, en: Female }\n  - { key: female, vi: Nữ, en: Female }\n',
    );
    expect(() => loadCatalogues(dir)).toThrow('sexes.yaml: key female appears twice');
  });

  it('refuses an item naming an unknown group in a file on disk', () => {
    writeFileSync(
      join(dir, 'dv-acts.yaml'),
      'name: dv-acts\nlabel: { vi: Hành vi, en: Acts }\n' +
        'groups:\n  - { key: physical, vi: Thể chất, en: Physical }\n' +
        'items:\n  - { key: beating, group: economic, vi: Đánh, en: Beating }\n',
    );
    expect(() => loadCatalogues(dir)).toThrow('dv-acts.yaml: beating must name one of the groups physical');
  });

  it('refuses an item without an English label in a file on disk', () => {
    writeFileSync(
      join(dir, 'sexes.yaml'),
      'name: sexes\nlabel: { vi: Giới tính, en: Sex }\nitems:\n  - { key: female, vi: Nữ }\n',
    );
    expect(() => loadCatalogues(dir)).toThrow('sexes.yaml: female needs a en label');
  });

  it('returns an empty map for a folder without catalogues', () => {
    expect(loadCatalogues(dir).size).toBe(0);
  });
});
