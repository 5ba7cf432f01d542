import { CaseDomainError } from './errors';
import { isHighRisk, levelOf, maxRiskScore, RiskQuestionnaire, scoreRisk } from './risk';

const QUESTIONNAIRE: RiskQuestionnaire = {
  items: [
    { key: 'threat_to_kill', type: 'boolean', weight: 5 },
    { key: 'weapon', type: 'boolean', weight: 4 },
    { key: 'strangling', type: 'boolean', weight: 5 },
    { key: 'escalation', type: 'scale', max: 3, weight: 2 },
    { key: 'pregnancy', type: 'boolean', weight: 2 },
  ],
  levels: [
    { level: 'low', minScore: 0 },
    { level: 'medium', minScore: 4 },
    { level: 'high', minScore: 9 },
    { level: 'critical', minScore: 14 },
  ],
};

function caught(fn: () => unknown): CaseDomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CaseDomainError) return e;
    throw e;
  }
  throw new Error('expected a CaseDomainError');
}

describe('scoreRisk', () => {
  it('scores nothing answered as the lowest level', () => {
    expect(scoreRisk(QUESTIONNAIRE, {})).toEqual({ score: 0, level: 'low' });
  });

  it('counts a yes as the weight and a no as nothing', () => {
    expect(scoreRisk(QUESTIONNAIRE, { threat_to_kill: true, weapon: false })).toEqual({
      score: 5,
      level: 'medium',
    });
  });

  it('counts a scale answer as weight times value, 0 and max included', () => {
    expect(scoreRisk(QUESTIONNAIRE, { escalation: 0 }).score).toBe(0);
    expect(scoreRisk(QUESTIONNAIRE, { escalation: 3 }).score).toBe(6);
  });

  it('adds every answer and reaches a level exactly at its minScore', () => {
    // 4 + 5 = 9: exactly the start of high.
    expect(scoreRisk(QUESTIONNAIRE, { weapon: true, strangling: true })).toEqual({ score: 9, level: 'high' });
    expect(scoreRisk(QUESTIONNAIRE, { weapon: true, escalation: 2 })).toEqual({ score: 8, level: 'medium' });
  });

  it('gives the highest level at the highest score', () => {
    const all = { threat_to_kill: true, weapon: true, strangling: true, escalation: 3, pregnancy: true };
    expect(scoreRisk(QUESTIONNAIRE, all)).toEqual({ score: 22, level: 'critical' });
    expect(maxRiskScore(QUESTIONNAIRE)).toBe(22);
  });

  it('does not miss a threshold through decimal weights', () => {
    const q: RiskQuestionnaire = {
      items: [
        { key: 'a', type: 'boolean', weight: 0.1 },
        { key: 'b', type: 'boolean', weight: 0.2 },
      ],
      levels: [
        { level: 'low', minScore: 0 },
        { level: 'high', minScore: 0.3 },
      ],
    };
    expect(scoreRisk(q, { a: true, b: true })).toEqual({ score: 0.3, level: 'high' });
  });

  it('refuses a question the questionnaire does not have, naming it and the known ones', () => {
    const e = caught(() => scoreRisk(QUESTIONNAIRE, { threat_to_kill: true, dog: true }, 'risk.answers'));
    expect(e.code).toBe('RISK_ANSWER_UNKNOWN_ITEM');
    expect(e.params).toEqual({
      field: 'risk.answers.dog',
      allowed: 'threat_to_kill, weapon, strangling, escalation, pregnancy',
    });
  });

  it('does not echo an unknown key that is not shaped like a catalogue key', () => {
    const e = caught(() => scoreRisk(QUESTIONNAIRE, { 'Nguyễn Thị Lan': true }));
    expect(e.params.field).toBe('answers');
  });

  it('refuses a __proto__ key from parsed JSON like any unknown question', () => {
    const answers = JSON.parse('{"__proto__": true, "weapon": true}') as Record<string, unknown>;
    const e = caught(() => scoreRisk(QUESTIONNAIRE, answers));
    expect(e.code).toBe('RISK_ANSWER_UNKNOWN_ITEM');
    expect(e.params.field).toBe('answers');
  });

  it('refuses a yes/no question answered with anything but true or false', () => {
    for (const value of [1, 0, 'true', null]) {
      const e = caught(() => scoreRisk(QUESTIONNAIRE, { weapon: value }));
      expect(e.code).toBe('RISK_ANSWER_NOT_BOOLEAN');
      expect(e.params).toEqual({ field: 'answers.weapon' });
    }
  });

  it('refuses a scale answered outside 0..max, with a fraction or with a non-number', () => {
    for (const value of [-1, 4, 1.5, Number.NaN, Number.POSITIVE_INFINITY, true, '2']) {
      const e = caught(() => scoreRisk(QUESTIONNAIRE, { escalation: value }));
      expect(e.code).toBe('RISK_ANSWER_OUT_OF_SCALE');
      expect(e.params).toEqual({ field: 'answers.escalation', max: 3 });
    }
  });
});

describe('levelOf', () => {
  it('takes the highest level reached whatever order the levels are listed in', () => {
    const shuffled = [...QUESTIONNAIRE.levels].reverse();
    expect(levelOf(shuffled, 0)).toBe('low');
    expect(levelOf(shuffled, 13.9)).toBe('high');
    expect(levelOf(shuffled, 100)).toBe('critical');
  });

  it('treats a questionnaire with no level for the score as a configuration bug', () => {
    expect(() => levelOf([{ level: 'high', minScore: 5 }], 2)).toThrow('no level for a score of 2');
  });
});

describe('isHighRisk', () => {
  it('is true for high and critical only', () => {
    expect(['low', 'medium', 'high', 'critical'].map((level) => isHighRisk(level))).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect(isHighRisk(null)).toBe(false);
    expect(isHighRisk(undefined)).toBe(false);
  });

  it("follows the questionnaire's alert flags when given its levels", () => {
    const levels = [
      { level: 'low', minScore: 0, alert: false },
      { level: 'elevated', minScore: 5, alert: true },
      { level: 'high', minScore: 9 },
    ];
    expect(isHighRisk('elevated', levels)).toBe(true);
    expect(isHighRisk('high', levels)).toBe(false);
    expect(isHighRisk('low', levels)).toBe(false);
    expect(isHighRisk('unknown', levels)).toBe(false);
  });
});
