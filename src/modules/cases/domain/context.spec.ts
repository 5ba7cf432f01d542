import {
  ContextFacts,
  ContextIncident,
  contextRuleProblems,
  ContextRule,
  DEFAULT_CONTEXT_RULES,
  deriveContext,
  RelationshipGroups,
  relationshipGroupsFrom,
} from './context';

const GROUPS: RelationshipGroups = {
  intimate: ['spouse', 'former_spouse', 'cohabiting_partner', 'intimate_partner', 'former_intimate_partner'],
};
const VIOLENCE_TYPES = [
  'rape',
  'sexual_assault',
  'physical_assault',
  'forced_marriage',
  'denial_of_resources',
  'psychological_abuse',
];

const incident = (i: Partial<ContextIncident> = {}): ContextIncident => ({
  violenceTypes: ['physical_assault'],
  ...i,
});
const derive = (facts: ContextFacts, rules: readonly ContextRule[] = DEFAULT_CONTEXT_RULES): string[] =>
  deriveContext(facts, rules, GROUPS);

describe('deriveContext with the default rules', () => {
  it('derives nothing from an incident that meets no rule', () => {
    expect(
      derive({ survivorYoungestAge: 30, incidents: [incident({ perpetratorRelationship: 'neighbour' })] }),
    ).toEqual([]);
    expect(derive({ incidents: [] })).toEqual([]);
  });

  describe('intimate_partner_violence', () => {
    it('holds for a current or former intimate partner', () => {
      for (const relationship of GROUPS.intimate ?? []) {
        expect(derive({ incidents: [incident({ perpetratorRelationship: relationship })] })).toEqual([
          'intimate_partner_violence',
        ]);
      }
    });

    it('does not hold for another relationship or an unknown one', () => {
      for (const perpetratorRelationship of ['father', 'neighbour', null, undefined]) {
        expect(derive({ incidents: [incident({ perpetratorRelationship })] })).toEqual([]);
      }
    });

    it('holds whatever the violence type and age', () => {
      const facts = {
        survivorYoungestAge: 16,
        incidents: [incident({ violenceTypes: ['psychological_abuse'], perpetratorRelationship: 'spouse' })],
      };
      expect(derive(facts)).toEqual(['intimate_partner_violence']);
    });
  });

  describe('child_sexual_abuse', () => {
    it('holds for rape or sexual assault of a survivor under 18', () => {
      for (const type of ['rape', 'sexual_assault']) {
        expect(derive({ survivorYoungestAge: 17, incidents: [incident({ violenceTypes: [type] })] })).toEqual(
          ['child_sexual_abuse'],
        );
      }
      expect(derive({ survivorYoungestAge: 0, incidents: [incident({ violenceTypes: ['rape'] })] })).toEqual([
        'child_sexual_abuse',
      ]);
    });

    it('does not hold from 18, nor when the age is unknown', () => {
      expect(derive({ survivorYoungestAge: 18, incidents: [incident({ violenceTypes: ['rape'] })] })).toEqual(
        [],
      );
      expect(derive({ incidents: [incident({ violenceTypes: ['rape'] })] })).toEqual([]);
      expect(
        derive({ survivorYoungestAge: null, incidents: [incident({ violenceTypes: ['rape'] })] }),
      ).toEqual([]);
    });

    it('does not hold for other violence against a child', () => {
      expect(
        derive({
          survivorYoungestAge: 10,
          incidents: [incident({ violenceTypes: ['physical_assault', 'psychological_abuse'] })],
        }),
      ).toEqual([]);
    });
  });

  describe('early_marriage', () => {
    it('holds for forced marriage of a survivor under 18', () => {
      expect(
        derive({ survivorYoungestAge: 15, incidents: [incident({ violenceTypes: ['forced_marriage'] })] }),
      ).toEqual(['early_marriage']);
    });

    it('does not hold for forced marriage of an adult', () => {
      expect(
        derive({ survivorYoungestAge: 19, incidents: [incident({ violenceTypes: ['forced_marriage'] })] }),
      ).toEqual([]);
    });
  });

  describe('possible_sexual_exploitation', () => {
    it('holds when goods or money were exchanged, at any age', () => {
      expect(derive({ incidents: [incident({ exchangeInvolved: true })] })).toEqual([
        'possible_sexual_exploitation',
      ]);
      expect(derive({ survivorYoungestAge: 30, incidents: [incident({ exchangeInvolved: true })] })).toEqual([
        'possible_sexual_exploitation',
      ]);
    });

    it('does not hold when nothing was exchanged or nobody said', () => {
      expect(derive({ incidents: [incident({ exchangeInvolved: false })] })).toEqual([]);
      expect(derive({ incidents: [incident({ exchangeInvolved: null })] })).toEqual([]);
    });
  });

  describe('combinations', () => {
    it('derives every context an incident meets, in rule order', () => {
      const facts = {
        survivorYoungestAge: 16,
        incidents: [
          incident({
            violenceTypes: ['forced_marriage', 'rape'],
            perpetratorRelationship: 'spouse',
            exchangeInvolved: true,
          }),
        ],
      };
      expect(derive(facts)).toEqual([
        'intimate_partner_violence',
        'child_sexual_abuse',
        'early_marriage',
        'possible_sexual_exploitation',
      ]);
    });

    it('gathers contexts across incidents, each once', () => {
      const facts = {
        survivorYoungestAge: 14,
        incidents: [
          incident({ violenceTypes: ['sexual_assault'] }),
          incident({ perpetratorRelationship: 'former_spouse' }),
          incident({ violenceTypes: ['rape'], perpetratorRelationship: 'cohabiting_partner' }),
        ],
      };
      expect(derive(facts)).toEqual(['intimate_partner_violence', 'child_sexual_abuse']);
    });

    it('derives an adult partner rape as intimate-partner violence only', () => {
      const facts = {
        survivorYoungestAge: 25,
        incidents: [incident({ violenceTypes: ['rape'], perpetratorRelationship: 'spouse' })],
      };
      expect(derive(facts)).toEqual(['intimate_partner_violence']);
    });

    it('requires incident conditions to hold in the same incident', () => {
      const rules: ContextRule[] = [
        { key: 'paid_sexual_violence', when: { violenceTypesAny: ['rape'], exchangeInvolved: true } },
      ];
      const apart = {
        incidents: [incident({ violenceTypes: ['rape'] }), incident({ exchangeInvolved: true })],
      };
      expect(derive(apart, rules)).toEqual([]);
      const together = { incidents: [incident({ violenceTypes: ['rape'], exchangeInvolved: true })] };
      expect(derive(together, rules)).toEqual(['paid_sexual_violence']);
    });
  });
});

describe('deriveContext with configured rules', () => {
  it('follows a changed threshold without a code change', () => {
    const rules: ContextRule[] = [
      { key: 'child_sexual_abuse', when: { violenceTypesAny: ['rape'], survivorUnder: 16 } },
    ];
    expect(
      derive({ survivorYoungestAge: 16, incidents: [incident({ violenceTypes: ['rape'] })] }, rules),
    ).toEqual([]);
    expect(
      derive({ survivorYoungestAge: 15, incidents: [incident({ violenceTypes: ['rape'] })] }, rules),
    ).toEqual(['child_sexual_abuse']);
  });

  it('never matches a relationship group it was not given', () => {
    const rules: ContextRule[] = [{ key: 'family', when: { perpetratorRelationshipIn: 'family' } }];
    expect(derive({ incidents: [incident({ perpetratorRelationship: 'spouse' })] }, rules)).toEqual([]);
    const inherited: ContextRule[] = [{ key: 'odd', when: { perpetratorRelationshipIn: 'constructor' } }];
    expect(derive({ incidents: [incident({ perpetratorRelationship: 'spouse' })] }, inherited)).toEqual([]);
  });
});

describe('relationshipGroupsFrom', () => {
  it('puts the relationships marked intimatePartner in the intimate group', () => {
    const items = [
      { key: 'spouse', intimatePartner: true },
      { key: 'former_spouse', intimatePartner: true },
      { key: 'father', intimatePartner: false },
      { key: 'teacher' },
    ];
    const groups = relationshipGroupsFrom(items);
    expect(groups).toEqual({ intimate: ['spouse', 'former_spouse'] });
    expect(
      deriveContext(
        { incidents: [incident({ perpetratorRelationship: 'former_spouse' })] },
        DEFAULT_CONTEXT_RULES,
        groups,
      ),
    ).toEqual(['intimate_partner_violence']);
  });
});

describe('contextRuleProblems', () => {
  const vocabulary = { violenceTypes: VIOLENCE_TYPES, relationshipGroups: GROUPS };

  it('finds nothing wrong with the default rules', () => {
    expect(contextRuleProblems(DEFAULT_CONTEXT_RULES, vocabulary)).toEqual([]);
  });

  it('refuses something that is not a list of rules', () => {
    expect(contextRuleProblems(undefined, vocabulary)).toEqual(['the rules must be a non-empty list']);
    expect(contextRuleProblems([], vocabulary)).toEqual(['the rules must be a non-empty list']);
    expect(contextRuleProblems(['x'], vocabulary)).toEqual(['rules[0] must be a mapping']);
  });

  it('names each problem of a rule', () => {
    const raw = [
      { key: 'Child Abuse', when: { survivorUnder: 18 } },
      { key: 'a', when: {} },
      { key: 'b', when: { violenceTypesAny: ['rape', 'robbery'], survivorUnder: 17.5 } },
      { key: 'c', when: { perpetratorRelationshipIn: 'family', exchangeInvolved: 'yes' } },
      { key: 'd', when: { survivorOver: 60 } },
      { key: 'd', when: { violenceTypesAny: [] } },
    ];
    expect(contextRuleProblems(raw, vocabulary)).toEqual([
      'rules[0].key must be snake_case',
      'a.when must name at least one condition',
      'b.when.violenceTypesAny: robbery is not a violence type',
      'b.when.survivorUnder must be a whole number of years from 1 to 150',
      'c.when.perpetratorRelationshipIn must name a relationship group (intimate)',
      'c.when.exchangeInvolved must be true or false',
      'd.when.survivorOver is not a condition (violenceTypesAny, survivorUnder, perpetratorRelationshipIn, exchangeInvolved)',
      'd appears twice',
      'd.when.violenceTypesAny must be a non-empty list',
    ]);
  });
});
