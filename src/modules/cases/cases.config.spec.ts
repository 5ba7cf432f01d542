import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from '../../platform/config/app-root';
import { casesConfigProblems, CasesConfigError, parseCasesConfig } from './cases.config';
import { DEFAULT_CONTEXT_RULES } from './domain/context';

const VOCABULARY = {
  organizationTypes: ['hotline', 'social_work_centre'],
  violenceTypes: ['rape', 'sexual_assault', 'forced_marriage', 'physical_assault'],
  relationshipGroups: { intimate: ['spouse'] },
};
const RULES = `contextRules:
  - key: possible_sexual_exploitation
    when: { exchangeInvolved: true }
`;

describe('config/cases.yaml', () => {
  it('ships a valid file whose context rules are the default ones', () => {
    const text = readFileSync(join(configDir(), 'cases.yaml'), 'utf8');
    const config = parseCasesConfig('config/cases.yaml', text, VOCABULARY);
    expect(config.referencePrefix).toBe('HN');
    // The hotline's intake goes to the Social Work Centre, or to its twin of the demo world.
    expect(config.intakeRouting).toEqual({
      hotline: [
        { organizationName: 'Trung tâm Công tác xã hội Hà Nội' },
        { organizationName: 'Trung tâm Công tác xã hội Hoa Sen (demo)' },
      ],
    });
    expect(config.contextRules).toEqual(DEFAULT_CONTEXT_RULES);
  });

  it('routes nothing when intakeRouting is left out (the default {})', () => {
    expect(parseCasesConfig('cases.yaml', `referencePrefix: HN\n${RULES}`, VOCABULARY).intakeRouting).toEqual(
      {},
    );
  });

  it('reads a routing target as an id when it is a UUID and as a name otherwise', () => {
    const config = parseCasesConfig(
      'cases.yaml',
      `referencePrefix: HNX
intakeRouting:
  hotline: Trung tâm Công tác xã hội Hà Nội
  social_work_centre: 0E4F3A3C-1111-4222-8333-944455556666
${RULES}`,
      VOCABULARY,
    );
    expect(config.referencePrefix).toBe('HNX');
    expect(config.intakeRouting).toEqual({
      hotline: [{ organizationName: 'Trung tâm Công tác xã hội Hà Nội' }],
      social_work_centre: [{ organizationId: '0e4f3a3c-1111-4222-8333-944455556666' }],
    });
  });

  it.each([
    ['referencePrefix: hn', 'referencePrefix must be 2 to 8 capital letters (A-Z)'],
    ['referencePrefix: H', 'referencePrefix must be 2 to 8 capital letters (A-Z)'],
    ['referencePrefix: HANOICITY', 'referencePrefix must be 2 to 8 capital letters (A-Z)'],
  ])('refuses %s naming the setting', (line, problem) => {
    expect(casesConfigProblems(`${line}\n${RULES}`, VOCABULARY)).toEqual([problem]);
  });

  it('refuses routing from an organisation type that is not in the catalogue', () => {
    const problems = casesConfigProblems(
      `referencePrefix: HN\nintakeRouting: { hotlne: Trung tâm A }\n${RULES}`,
      VOCABULARY,
    );
    expect(problems).toEqual([
      'intakeRouting.hotlne: not an organisation type (hotline, social_work_centre)',
    ]);
  });

  it('refuses a routing entry that names no organisation', () => {
    expect(
      casesConfigProblems(`referencePrefix: HN\nintakeRouting: { hotline: 12 }\n${RULES}`, VOCABULARY),
    ).toEqual([
      'intakeRouting.hotline must name an organisation (its id or its exact name), or list several',
    ]);
    expect(
      casesConfigProblems(`referencePrefix: HN\nintakeRouting: { hotline: [] }\n${RULES}`, VOCABULARY),
    ).toHaveLength(1);
  });

  it('refuses a context rule with a mistyped condition, through contextRuleProblems', () => {
    const problems = casesConfigProblems(
      `referencePrefix: HN
contextRules:
  - key: early_marriage
    when: { violenceTypesAny: [forced_mariage], survivorUnder: 18 }
`,
      VOCABULARY,
    );
    expect(problems).toEqual([
      'contextRules: early_marriage.when.violenceTypesAny: forced_mariage is not a violence type',
    ]);
  });

  it('reads merge.undoWithinDays (14 by default) and refuses a value that is not a whole number of days', () => {
    const rules =
      'contextRules:\n  - key: intimate_partner_violence\n    when: { perpetratorRelationshipIn: intimate }\n';
    expect(
      parseCasesConfig('cases.yaml', `referencePrefix: HN\n${rules}`, VOCABULARY).mergeUndoWithinDays,
    ).toBe(14);
    const three = `referencePrefix: HN\n${rules}merge:\n  undoWithinDays: 3\n`;
    expect(parseCasesConfig('cases.yaml', three, VOCABULARY).mergeUndoWithinDays).toBe(3);
    expect(
      casesConfigProblems(`referencePrefix: HN\n${rules}merge:\n  undoWithinDays: -1\n`, VOCABULARY),
    ).toEqual(['merge.undoWithinDays must be a whole number of days from 0 to 365']);
  });

  it('reads the transfers settings, with their defaults, and refuses unknown types and keep rules', () => {
    const read = (t: string) =>
      parseCasesConfig('cases.yaml', `referencePrefix: HN\n${RULES}${t}`, VOCABULARY);
    expect(read('').transfers).toEqual({
      senderKeeps: 'reference_only',
      receivingTypes: ['social_work_centre'],
    });
    expect(
      read('transfers: { receivingTypes: [social_work_centre, hotline] }\n').transfers.receivingTypes,
    ).toEqual(['social_work_centre', 'hotline']);
    expect(
      casesConfigProblems(
        `referencePrefix: HN\n${RULES}transfers: { senderKeeps: all, receivingTypes: [spa] }\n`,
        VOCABULARY,
      ),
    ).toEqual([
      'transfers.senderKeeps must be one of reference_only',
      'transfers.receivingTypes: spa is not an organisation type',
    ]);
  });

  it('refuses a file without context rules and an unknown setting', () => {
    expect(casesConfigProblems('referencePrefix: HN\nreferencePrefx: HN\n', VOCABULARY)).toEqual([
      'referencePrefx is not a setting (referencePrefix, intakeRouting, contextRules, merge, transfers)',
      'contextRules: the rules must be a non-empty list',
    ]);
  });

  it('throws one error naming the file and every problem', () => {
    expect(() => parseCasesConfig('config/cases.yaml', 'referencePrefix: 12\n', VOCABULARY)).toThrow(
      new CasesConfigError(
        'config/cases.yaml: referencePrefix must be 2 to 8 capital letters (A-Z); contextRules: the rules must be a non-empty list',
      ),
    );
  });

  it('refuses text that is not YAML', () => {
    expect(casesConfigProblems('referencePrefix: [HN', VOCABULARY)[0]).toMatch(/^not valid YAML/);
  });
});
