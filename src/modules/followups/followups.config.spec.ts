import { join } from 'node:path';
import { appRoot } from '../../platform/config/app-root';
import { followupsConfigProblems, loadFollowupsConfig, parseFollowupsConfig } from './followups.config';

const vocabulary = {
  kinds: ['call_back', 'safety_plan', 'case_review', 'override_review', 'other'],
  measureTypes: ['no_contact_order_commune', 'no_contact_order_court'],
};
const GOOD = `safetyPlanWithinHours: 4
reviewEveryDays: 30
overrideReviewWithinHours: 24
measureExpiryNoticeHours: 48
measureDecisionHours: 12
measureDecisionTypes: [no_contact_order_commune]
manualKinds: [call_back, other]
`;

describe('config/followups.yaml', () => {
  it('reads the rules', () => {
    expect(parseFollowupsConfig('followups.yaml', GOOD, vocabulary)).toEqual({
      safetyPlanWithinHours: 4,
      reviewEveryDays: 30,
      overrideReviewWithinHours: 24,
      measureExpiryNoticeHours: 48,
      measureDecisionHours: 12,
      measureDecisionTypes: ['no_contact_order_commune'],
      manualKinds: ['call_back', 'other'],
    });
  });

  it('the shipped file is valid against the shipped catalogues', () => {
    const config = loadFollowupsConfig(join(appRoot(), 'config'), {
      kinds: [
        'call_back',
        'home_visit',
        'safety_plan',
        'court_date',
        'measure_decision',
        'measure_expiry',
        'case_review',
        'referral_check',
        'override_review',
        'other',
      ],
      measureTypes: ['no_contact_order_commune'],
    });
    expect(config.safetyPlanWithinHours).toBe(4);
    expect(config.reviewEveryDays).toBe(30);
    expect(config.measureDecisionHours).toBe(12);
    expect(config.manualKinds).not.toContain('override_review');
  });

  it('names each bad setting: hours not above 0, days not whole, unknown kinds and measures, strays', () => {
    const problems = followupsConfigProblems(
      GOOD.replace('safetyPlanWithinHours: 4', 'safetyPlanWithinHours: 0')
        .replace('reviewEveryDays: 30', 'reviewEveryDays: 1.5')
        .replace('[call_back, other]', '[call_back, coffee]')
        .replace('[no_contact_order_commune]', '[curfew]') + 'extra: 1\n',
      vocabulary,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('safetyPlanWithinHours must be a number of hours above 0'),
        'reviewEveryDays must be a whole number of days from 1 to 366',
        expect.stringContaining('manualKinds[1]: not a follow-up kind'),
        expect.stringContaining('measureDecisionTypes[0]: not a protection measure'),
        expect.stringContaining('extra is not a setting'),
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('refuses a file that is not a mapping, naming the file', () => {
    expect(() => parseFollowupsConfig('config/followups.yaml', '- a\n', vocabulary)).toThrow(
      'config/followups.yaml: the file must be a mapping',
    );
  });
});
