import { join } from 'node:path';
import { appRoot } from '../../platform/config/app-root';
import { loadReferralsConfig, parseReferralsConfig, referralsConfigProblems } from './referrals.config';

const vocabulary = {
  urgencies: ['emergency', 'urgent', 'routine'],
  organizationTypes: ['safe_house', 'trusted_address', 'health'],
};
const GOOD = `dueHours: { emergency: 1, urgent: 24, routine: 72 }
stayTypes: [safe_house, trusted_address]
emergencyReasonMinLength: 20
`;

describe('config/referrals.yaml', () => {
  it('reads the hours, the stay types and the reason length', () => {
    expect(parseReferralsConfig('referrals.yaml', GOOD, vocabulary)).toEqual({
      dueHours: { emergency: 1, urgent: 24, routine: 72 },
      stayTypes: ['safe_house', 'trusted_address'],
      emergencyReasonMinLength: 20,
    });
  });

  it('the shipped file is valid', () => {
    const config = loadReferralsConfig(join(appRoot(), 'config'), vocabulary);
    expect(config.dueHours).toEqual({ emergency: 1, urgent: 24, routine: 72 });
  });

  it('names an urgency without hours, an unknown urgency and hours not above 0', () => {
    const problems = referralsConfigProblems(
      `dueHours: { emergency: 0, soon: 3 }\nstayTypes: []\nemergencyReasonMinLength: 20\n`,
      vocabulary,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'dueHours.emergency must be a number of hours above 0',
        expect.stringContaining('dueHours.soon: not an urgency'),
        'dueHours.urgent is missing',
        'dueHours.routine is missing',
      ]),
    );
  });

  it('names a stay type that is not an organisation type, a bad length and unknown settings', () => {
    const problems = referralsConfigProblems(
      `dueHours: { emergency: 1, urgent: 24, routine: 72 }\nstayTypes: [hotel]\nemergencyReasonMinLength: 0\nextra: 1\n`,
      vocabulary,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('stayTypes[0]: not an organisation type'),
        'emergencyReasonMinLength must be a whole number from 1 to 1000',
        expect.stringContaining('extra is not a setting'),
      ]),
    );
  });

  it('stops with the file name and every problem', () => {
    expect(() => parseReferralsConfig('config/referrals.yaml', 'stayTypes: 3', vocabulary)).toThrow(
      /^config\/referrals.yaml: .*dueHours.*stayTypes/,
    );
  });
});
