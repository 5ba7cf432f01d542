import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIndicatorPlan } from './indicator-plan';
import type { PlanVocabulary } from './indicator-plan';
import type { FilterSpec } from './measure';

type Specs = Readonly<Record<string, FilterSpec>>;

const VOCABULARY: PlanVocabulary = {
  measures: new Map<string, Specs>([
    ['cases.received', { channel: { kind: 'catalogue', catalogue: 'channels' } }],
    [
      'activities.count',
      {
        kind: { kind: 'catalogue', catalogue: 'activity-kinds' },
        model: { kind: 'integer', min: 1, max: 5 },
      },
    ],
    [
      'activities.participants',
      { audience: { kind: 'catalogue', catalogue: 'activity-audiences', single: true } },
    ],
    ['denominator.officials', {}],
  ]),
  catalogueKeys: (name) =>
    ({
      channels: ['hotline', 'walk_in'],
      'activity-kinds': ['club_meeting'],
      'activity-audiences': ['officials', 'students'],
    })[name] ?? [],
};

const plan = (indicators: string): string => `plan: test-plan
title: { vi: Kế hoạch thử, en: Test plan }
indicators:
${indicators}`;

const parse = (text: string) =>
  parseIndicatorPlan('config/indicators/test-plan.yaml', 'test-plan', text, VOCABULARY);

describe('indicator plans (config/indicators/*.yaml)', () => {
  it('reads a plan: measures, filters, denominator, target and unit', () => {
    const p = parse(
      plan(`  - id: officials_reached
    label: { vi: Cán bộ, en: Officials }
    numerator: { measure: activities.participants, filters: { audience: officials } }
    denominator: { measure: denominator.officials }
    target: 100
    unit: percent
  - id: hotline
    label: { vi: Đường dây nóng, en: Hotline }
    numerator: { measure: cases.received, filters: { channel: [hotline, walk_in] } }
    unit: count`),
    );
    expect(p.indicators).toEqual([
      {
        id: 'officials_reached',
        label: { vi: 'Cán bộ', en: 'Officials' },
        numerator: { measure: 'activities.participants', filters: { audience: 'officials' } },
        denominator: { measure: 'denominator.officials', filters: {} },
        target: 100,
        unit: 'percent',
      },
      {
        id: 'hotline',
        label: { vi: 'Đường dây nóng', en: 'Hotline' },
        numerator: { measure: 'cases.received', filters: { channel: ['hotline', 'walk_in'] } },
        denominator: null,
        target: null,
        unit: 'count',
      },
    ]);
  });

  it.each([
    [
      'an unknown measure',
      'numerator: { measure: cases.invented }',
      'indicator x numerator: unknown measure cases.invented',
    ],
    [
      'an unknown filter',
      'numerator: { measure: cases.received, filters: { colour: red } }',
      'cases.received has no filter colour',
    ],
    [
      'a key outside the catalogue',
      'numerator: { measure: cases.received, filters: { channel: pigeon } }',
      'filter channel must be key(s) of channels',
    ],
    [
      'a list where one key is taken',
      'numerator: { measure: activities.participants, filters: { audience: [officials, students] } }',
      'takes one key',
    ],
    [
      'a model out of range',
      'numerator: { measure: activities.count, filters: { model: 9 } }',
      'from 1 to 5',
    ],
  ])('refuses %s, naming the file and the indicator', (_, numerator, problem) => {
    const text = plan(`  - id: x
    label: { vi: X, en: X }
    ${numerator}
    unit: count`);
    expect(() => parse(text)).toThrow('config/indicators/test-plan.yaml: ');
    expect(() => parse(text)).toThrow(problem);
  });

  it('refuses a percent without a denominator and a plan id other than the file name', () => {
    const text = plan(`  - id: x
    label: { vi: X, en: X }
    numerator: { measure: cases.received }
    unit: percent`).replace('plan: test-plan', 'plan: other');
    expect(() => parse(text)).toThrow('indicator x: a percent needs a denominator');
    expect(() => parse(text)).toThrow('plan must be test-plan');
  });

  it('accepts the shipped hanoi-96-kh-ubnd plan against the real measure names', () => {
    const text = readFileSync(join(__dirname, '../../../../config/indicators/hanoi-96-kh-ubnd.yaml'), 'utf8');
    const ids = [
      'cases.received',
      'survivors.served',
      'referrals.sent',
      'referrals.completed',
      'referrals.median_days_to_first_service',
      'follow_ups.due',
      'follow_ups.done_on_time',
      'activities.count',
      'activities.participants',
      'activities.residential_clusters_reached',
      'denominator.officials',
      'denominator.students',
      'denominator.residential_clusters',
      'denominator.ge_staff',
    ];
    const loose: PlanVocabulary = {
      measures: new Map<string, Specs>(
        ids.map((id) => [
          id,
          {
            channel: { kind: 'catalogue', catalogue: 'any' },
            service: { kind: 'catalogue', catalogue: 'any' },
            kind: { kind: 'catalogue', catalogue: 'any' },
            audience: { kind: 'catalogue', catalogue: 'any', single: true },
          },
        ]),
      ),
      catalogueKeys: () => [
        'hotline',
        'walk_in',
        'trusted_address',
        'safe_house',
        'referral_in',
        'police',
        'health',
        'outreach',
        'shelter',
        'medical_care',
        'psychological_counselling',
        'legal_aid',
        'officials',
        'students',
        'ge_staff',
        'training_course',
        'club_meeting',
        'convention_revision',
        'counselling_point_session',
      ],
    };
    const p = parseIndicatorPlan('hanoi-96-kh-ubnd.yaml', 'hanoi-96-kh-ubnd', text, loose);
    expect(p.indicators.filter((i) => i.target !== null).map((i) => [i.id, i.target])).toEqual([
      ['officials_reached', 100],
      ['students_reached', 80],
      ['residential_clusters_reached', 70],
      ['ge_staff_trained', 100],
    ]);
  });
});
