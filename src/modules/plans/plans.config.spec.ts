import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from '../../platform/config';
import { parsePlansConfig, planRulesFor, plansConfigProblems } from './plans.config';

const vocabulary = { organizationTypes: ['social_work_centre', 'hotline'] };
const ORG = '0b5f3c2e-8a41-4c7e-9d1f-2a6b7c8d9e0f';

describe('config/plans.yaml', () => {
  it('the shipped file is valid: approval required, reviews every 30 days', () => {
    const text = readFileSync(join(configDir(), 'plans.yaml'), 'utf8');
    const config = parsePlansConfig('plans.yaml', text, vocabulary);
    expect(planRulesFor(config, { id: ORG, type: 'social_work_centre' })).toEqual({
      approvalRequired: true,
      reviewEveryDays: 30,
    });
  });

  it('an organisation overrides its type, which overrides the default, setting by setting', () => {
    const config = parsePlansConfig(
      'plans.yaml',
      [
        'approvalRequired: true',
        'reviewEveryDays: 30',
        'byOrganizationType: { hotline: { approvalRequired: false } }',
        `byOrganization: { ${ORG}: { reviewEveryDays: 7 } }`,
      ].join('\n'),
      vocabulary,
    );
    expect(planRulesFor(config, { id: ORG, type: 'hotline' })).toEqual({
      approvalRequired: false,
      reviewEveryDays: 7,
    });
    expect(planRulesFor(config, { id: ORG.replace('0b', '1b'), type: 'social_work_centre' })).toEqual({
      approvalRequired: true,
      reviewEveryDays: 30,
    });
  });

  it('names every problem by its setting', () => {
    const problems = plansConfigProblems(
      [
        'approvalRequired: maybe',
        'reviewEveryDays: 0',
        'byOrganizationType: { shop: { approvalRequired: false } }',
        'byOrganization: { not-an-id: { reviewEveryDays: 400 } }',
        'extra: 1',
      ].join('\n'),
      vocabulary,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('extra is not a setting'),
        'approvalRequired must be true or false',
        'reviewEveryDays must be a whole number of days from 1 to 366',
        'byOrganizationType.shop is not an organisation type (social_work_centre, hotline)',
        'byOrganization.not-an-id.reviewEveryDays must be a whole number of days from 1 to 366',
        'byOrganization.not-an-id is not an organisation id (a UUID)',
      ]),
    );
  });
});
