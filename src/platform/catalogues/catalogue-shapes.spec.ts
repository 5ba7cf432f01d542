import { stringify } from 'yaml';
import { CatalogueError, parseCatalogue } from './catalogue';

/** Parses a catalogue given as data (written out as YAML), as the loader reads a file. */
const parseDoc = (name: string, doc: Record<string, unknown>) =>
  parseCatalogue(`${name}.yaml`, stringify({ name, label: { vi: 'Nhãn', en: 'Label' }, ...doc }));

function refusal(name: string, doc: Record<string, unknown>): string {
  try {
    parseDoc(name, doc);
  } catch (e: unknown) {
    if (e instanceof CatalogueError) return e.message;
    throw e;
  }
  throw new Error(`parseCatalogue accepted a malformed ${name}`);
}

describe('the risk-questionnaire shape', () => {
  const FILE = 'risk-questionnaire.yaml';
  const threats = {
    key: 'threats_to_kill',
    type: 'boolean',
    weight: 4,
    vi: 'Đe dọa giết',
    en: 'Threats to kill',
  };
  const fear = { key: 'fear_level', type: 'scale', max: 3, weight: 1, vi: 'Mức độ lo sợ', en: 'Fear' };
  const LEVELS = [
    { level: 'low', minScore: 0, alert: false, vi: 'Thấp', en: 'Low' },
    { level: 'high', minScore: 4, alert: true, vi: 'Cao', en: 'High' },
  ];
  const questionnaire = (items: unknown[], levels: unknown = LEVELS) => ({ items, levels });
  const refuse = (items: unknown[], levels: unknown = LEVELS) =>
    refusal('risk-questionnaire', questionnaire(items, levels));

  it('parses boolean and scale questions with their levels', () => {
    const cat = parseDoc('risk-questionnaire', questionnaire([threats, fear]));
    expect(cat.items).toEqual([threats, fear]);
    expect(cat.levels).toEqual(LEVELS);
  });

  it('gives no levels to a catalogue without a scored shape', () => {
    const cat = parseDoc('place-types', {
      items: [{ key: 'home', vi: 'Nhà ở', en: 'Home' }],
      levels: LEVELS,
    });
    expect(cat.levels).toBeUndefined();
  });

  it.each([undefined, 'number', 'yes_no'])('refuses the question type %p', (type) => {
    expect(refuse([{ ...threats, type }])).toBe(`${FILE}: threats_to_kill.type must be boolean or scale`);
  });

  it.each([undefined, 0, -1, '2', Number.NaN])('refuses the weight %p', (weight) => {
    expect(refuse([{ ...threats, weight }])).toBe(
      `${FILE}: threats_to_kill.weight must be a positive number`,
    );
  });

  it('accepts a fractional weight', () => {
    expect(
      parseDoc('risk-questionnaire', questionnaire([{ ...threats, weight: 4.5 }])).items[0]?.weight,
    ).toBe(4.5);
  });

  it.each([undefined, 0, 1.5, '3'])('refuses a scale whose max is %p', (max) => {
    expect(refuse([{ ...fear, max }])).toBe(
      `${FILE}: fear_level.max must be a whole number of at least 1 for a scale`,
    );
  });

  it('refuses a max on a yes/no question', () => {
    expect(refuse([{ ...threats, max: 1 }])).toBe(`${FILE}: threats_to_kill.max is only for a scale`);
  });

  it('accepts one anchor label per scale value and refuses another count', () => {
    const anchors = ['Không', 'Hơi', 'Khá', 'Rất'].map((vi) => ({ vi, en: vi }));
    const parsed = parseDoc('risk-questionnaire', questionnaire([threats, { ...fear, anchors }]));
    expect(parsed.items[1]?.anchors).toEqual(anchors);
    expect(refuse([threats, { ...fear, anchors: anchors.slice(1) }])).toBe(
      `${FILE}: fear_level.anchors must give a vi and en label for each value from 0 to 3`,
    );
    expect(refuse([threats, { ...fear, anchors: [...anchors.slice(1), { vi: 'Rất' }] }])).toBe(
      `${FILE}: fear_level.anchors must give a vi and en label for each value from 0 to 3`,
    );
    expect(refuse([{ ...threats, anchors }])).toBe(`${FILE}: threats_to_kill.anchors are only for a scale`);
  });

  it('refuses a questionnaire without levels', () => {
    expect(refusal('risk-questionnaire', { items: [threats] })).toBe(
      `${FILE}: levels must be a non-empty list`,
    );
  });

  it.each([[], 'low', { low: 0 }])('refuses the levels %p', (levels) => {
    expect(refuse([threats], levels)).toBe(`${FILE}: levels must be a non-empty list`);
  });

  it('refuses a level that is not a mapping', () => {
    expect(refuse([threats], ['low'])).toBe(`${FILE}: levels[0] must be a mapping`);
  });

  it.each([undefined, 'Low', 'very-high'])('refuses the level name %p', (level) => {
    expect(refuse([threats], [{ ...LEVELS[0], level }])).toBe(
      `${FILE}: levels[0].level must be snake_case (a-z, 0-9, _)`,
    );
  });

  it('refuses a level named twice', () => {
    expect(refuse([threats], [LEVELS[0], { ...LEVELS[1], level: 'low' }])).toBe(
      `${FILE}: level low appears twice`,
    );
  });

  it.each(['vi', 'en'])('refuses a level without a %s label', (lang) => {
    expect(refuse([threats], [{ ...LEVELS[0], [lang]: ' ' }])).toBe(
      `${FILE}: level low needs a ${lang} label`,
    );
  });

  it.each([undefined, -1, '0'])('refuses the minScore %p', (minScore) => {
    expect(refuse([threats], [{ ...LEVELS[0], minScore }])).toBe(
      `${FILE}: level low.minScore must be a number of 0 or more`,
    );
  });

  it('refuses a level that does not say whether it alerts', () => {
    expect(refuse([threats], [{ ...LEVELS[0], alert: 'no' }])).toBe(
      `${FILE}: level low.alert must be true or false`,
    );
  });

  it('refuses a first level that does not start at 0', () => {
    expect(refuse([threats], [{ ...LEVELS[0], minScore: 1 }, LEVELS[1]])).toBe(
      `${FILE}: the first level (low) must start at minScore 0`,
    );
  });

  it.each([0, 2])('refuses levels that do not ascend (the second at %p after 2)', (second) => {
    const levels = [
      LEVELS[0],
      { ...LEVELS[1], level: 'medium', minScore: 2 },
      { ...LEVELS[1], minScore: second },
    ];
    expect(refuse([threats], levels)).toBe(
      `${FILE}: levels must ascend by minScore: high (${second}) comes after medium (2)`,
    );
  });

  it('refuses a level above the highest possible score, counting scales at their max', () => {
    // threats (4) + fear at 3 × 1 = 7: a level at 7 can be reached, one at 8 cannot.
    const at = (minScore: number) => [LEVELS[0], { ...LEVELS[1], minScore }];
    expect(parseDoc('risk-questionnaire', questionnaire([threats, fear], at(7))).levels?.[1]?.minScore).toBe(
      7,
    );
    expect(refuse([threats, fear], at(8))).toBe(
      `${FILE}: level high can never be reached: minScore 8 is above the highest possible score 7`,
    );
  });
});

describe('the shared-fields shape', () => {
  const field = (key: string) => ({ key, vi: 'Họ và tên', en: 'Full name', personalData: true });

  it('takes camelCase keys, the API field names', () => {
    expect(
      parseDoc('shared-fields', { items: [field('fullName'), field('phones')] }).items.map((i) => i.key),
    ).toEqual(['fullName', 'phones']);
  });

  it.each(['full_name', 'FullName', 'full-name', '2fa'])('refuses the key %p', (key) => {
    expect(refusal('shared-fields', { items: [field(key)] })).toBe(
      'shared-fields.yaml: items[0].key must be camelCase (a-z first, then a-z, A-Z, 0-9)',
    );
  });

  it('keeps snake_case for every other catalogue', () => {
    expect(refusal('consent-methods', { items: [{ key: 'fullName', vi: 'A', en: 'A' }] })).toBe(
      'consent-methods.yaml: items[0].key must be snake_case (a-z, 0-9, _)',
    );
  });

  it('refuses a field that does not say whether it is personal data', () => {
    expect(refusal('shared-fields', { items: [{ ...field('fullName'), personalData: undefined }] })).toBe(
      'shared-fields.yaml: fullName.personalData must be true or false',
    );
  });
});

describe('the flags of relationships, consent purposes and consent givers', () => {
  const relationship = {
    key: 'spouse',
    vi: 'Vợ hoặc chồng',
    en: 'Spouse',
    intimatePartner: true,
    familyMember: true,
  };

  it('parses a relationship that says both flags', () => {
    expect(parseDoc('relationships', { items: [relationship] }).items).toEqual([relationship]);
  });

  it.each([
    ['intimatePartner', undefined],
    ['intimatePartner', 'yes'],
    ['familyMember', undefined],
    ['familyMember', 1],
  ])('refuses a relationship whose %s is %p', (flag, value) => {
    expect(refusal('relationships', { items: [{ ...relationship, [flag]: value }] })).toBe(
      `relationships.yaml: spouse.${flag} must be true or false`,
    );
  });

  it('refuses a consent purpose that does not say whether it shares', () => {
    expect(
      refusal('consent-purposes', { items: [{ key: 'referral', vi: 'Chuyển gửi', en: 'Referral' }] }),
    ).toBe('consent-purposes.yaml: referral.sharing must be true or false');
  });

  it('refuses a consent giver that does not say whether it is for children only', () => {
    expect(
      refusal('consent-givers', { items: [{ key: 'best_interest', vi: 'Lợi ích', en: 'Best interest' }] }),
    ).toBe('consent-givers.yaml: best_interest.childOnly must be true or false');
  });
});

describe('the services shape', () => {
  const service = { key: 'shelter', vi: 'Tạm lánh', en: 'Shelter', providerTypes: ['safe_house'] };

  it('parses a service with the organisation types that give it', () => {
    expect(parseDoc('services', { items: [service] }).items).toEqual([service]);
  });

  it.each([undefined, [], 'safe_house', ['Safe House']])('refuses the providerTypes %p', (providerTypes) => {
    expect(refusal('services', { items: [{ ...service, providerTypes }] })).toBe(
      'services.yaml: shelter.providerTypes must be a non-empty list of organisation types',
    );
  });
});

describe('the protection-measures shape', () => {
  const FILE = 'protection-measures.yaml';
  const order = {
    key: 'no_contact_order_commune',
    article: '25',
    decisionWithinHours: 12,
    maxDays: 3,
    vi: 'Cấm tiếp xúc',
    en: 'No-contact order',
  };

  it('parses a measure with its article and time limits', () => {
    expect(parseDoc('protection-measures', { items: [order] }).items).toEqual([order]);
  });

  it.each([undefined, '', 25])('refuses the article %p', (article) => {
    expect(refusal('protection-measures', { items: [{ ...order, article }] })).toBe(
      `${FILE}: no_contact_order_commune.article must name the article of the law`,
    );
  });

  it.each([
    ['maxDays', 0],
    ['maxDays', 2.5],
    ['maxMonths', '4'],
    ['decisionWithinHours', -12],
  ])('refuses %s %p', (limit, value) => {
    expect(refusal('protection-measures', { items: [{ ...order, [limit]: value }] })).toBe(
      `${FILE}: no_contact_order_commune.${limit} must be a whole number of at least 1`,
    );
  });

  it('refuses a measure with both maxDays and maxMonths', () => {
    expect(refusal('protection-measures', { items: [{ ...order, maxMonths: 4 }] })).toBe(
      `${FILE}: no_contact_order_commune takes maxDays or maxMonths, not both`,
    );
  });
});
