import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { overdueHoursOf, parseRemindersConfig, remindersConfigProblems } from './reminders.config';

const VOCABULARY = {
  kinds: ['call_back', 'safety_plan', 'measure_expiry'],
  notificationTypes: ['follow_up_due', 'protection_measure_expiring'],
};

const VALID = `
scanBatchSize: 100
maxBatchesPerRun: 5
overdueAfterHours: 24
kinds:
  safety_plan: { overdueAfterHours: 2 }
  measure_expiry: { dueNotification: protection_measure_expiring, alsoSupervisors: true }
`;

describe('config/reminders.yaml', () => {
  it('reads the settings and gives each kind its overdue hours, or the default', () => {
    const config = parseRemindersConfig('reminders.yaml', VALID, VOCABULARY);
    expect(config.scanBatchSize).toBe(100);
    expect(overdueHoursOf(config, 'safety_plan')).toBe(2);
    expect(overdueHoursOf(config, 'measure_expiry')).toBe(24);
    expect(overdueHoursOf(config, 'call_back')).toBe(24);
    expect(config.kinds.measure_expiry).toEqual({
      dueNotification: 'protection_measure_expiring',
      alsoSupervisors: true,
    });
  });

  it('names every bad setting', () => {
    const problems = remindersConfigProblems(
      `
scanBatchSize: 0
maxBatchesPerRun: 1.5
overdueAfterHours: -1
colour: blue
kinds:
  nap: {}
  safety_plan: { overdueAfterHours: zero, dueNotification: party, alsoSupervisors: 'yes', when: soon }
`,
      VOCABULARY,
    );
    expect(problems).toEqual([
      expect.stringContaining('colour is not a setting'),
      expect.stringContaining('scanBatchSize'),
      expect.stringContaining('maxBatchesPerRun'),
      expect.stringContaining('overdueAfterHours'),
      expect.stringContaining('kinds.nap: not a follow-up kind'),
      expect.stringContaining('kinds.safety_plan.when is not a setting'),
      expect.stringContaining('kinds.safety_plan.overdueAfterHours'),
      expect.stringContaining('kinds.safety_plan.dueNotification'),
      expect.stringContaining('kinds.safety_plan.alsoSupervisors'),
    ]);
    expect(() => parseRemindersConfig('reminders.yaml', 'scanBatchSize: 0', VOCABULARY)).toThrow(
      /^reminders\.yaml: /,
    );
  });

  it('accepts the shipped file against the shipped catalogues', () => {
    const root = join(__dirname, '..', '..', '..', '..', 'config');
    const keys = (name: string): string[] =>
      [...readFileSync(join(root, 'catalogues', `${name}.yaml`), 'utf8').matchAll(/key: ([a-z_]+)/g)].map(
        (m) => m[1] ?? '',
      );
    const text = readFileSync(join(root, 'reminders.yaml'), 'utf8');
    expect(
      remindersConfigProblems(text, {
        kinds: keys('follow-up-kinds'),
        notificationTypes: keys('notification-types'),
      }),
    ).toEqual([]);
  });
});
