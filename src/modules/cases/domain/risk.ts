import { CaseDomainError } from './errors';

/**
 * Risk scoring against the configured questionnaire (config/catalogues/risk-questionnaire, checked at
 * start-up: weights positive, a scale's max a whole number, levels ascending from minScore 0).
 */
export interface RiskItem {
  readonly key: string;
  readonly type: 'boolean' | 'scale';
  /** For a scale: answers run 0..max. */
  readonly max?: number;
  readonly weight: number;
}

export interface RiskLevelThreshold {
  readonly level: string;
  readonly minScore: number;
  /** The level alerts the supervisors at once (the catalogue marks high and critical). */
  readonly alert?: boolean;
}

export interface RiskQuestionnaire {
  readonly items: readonly RiskItem[];
  readonly levels: readonly RiskLevelThreshold[];
}

/** As received: values are checked here, so they are unknown until then. */
export type RiskAnswers = Readonly<Record<string, unknown>>;

export interface RiskScore {
  readonly score: number;
  readonly level: string;
}

/** The levels of docs/DESIGN.md §3; high and critical alert the supervisors at once. */
export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
const HIGH_RISK_LEVELS: readonly string[] = ['high', 'critical'];

/**
 * Whether a level raises the alert and the safety-plan follow-up. With the questionnaire's levels, their
 * alert flags decide, so a renamed or added level follows the catalogue; without, high and critical.
 */
export function isHighRisk(
  level: string | null | undefined,
  levels?: readonly RiskLevelThreshold[],
): boolean {
  if (level === null || level === undefined) return false;
  if (levels !== undefined) return levels.some((l) => l.level === level && l.alert === true);
  return HIGH_RISK_LEVELS.includes(level);
}

/** Only catalogue-shaped keys are echoed in a message: anything else a caller sent may be personal data. */
const KEY_SHAPE = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * The score and level of a set of answers. Unanswered questions count 0 (a caller may hang up halfway);
 * a question the questionnaire lacks, or an answer of the wrong kind, is refused naming the field
 * (`${field}.${itemKey}`), because a silently dropped answer would understate the risk.
 */
export function scoreRisk(
  questionnaire: RiskQuestionnaire,
  answers: RiskAnswers,
  field = 'answers',
): RiskScore {
  const items = new Map(questionnaire.items.map((item) => [item.key, item]));
  let score = 0;
  for (const [key, value] of Object.entries(answers)) {
    const item = items.get(key);
    if (item === undefined) {
      const keys = [...items.keys()];
      throw new CaseDomainError(
        'RISK_ANSWER_UNKNOWN_ITEM',
        { field: KEY_SHAPE.test(key) ? `${field}.${key}` : field, allowed: keys.join(', ') },
        { allowed: keys },
      );
    }
    score += pointsOf(item, value, `${field}.${key}`);
  }
  // Decimal weights (0.1 + 0.2) must not miss a threshold by a rounding error.
  score = Math.round(score * 1e6) / 1e6;
  return { score, level: levelOf(questionnaire.levels, score) };
}

function pointsOf(item: RiskItem, value: unknown, field: string): number {
  switch (item.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw new CaseDomainError('RISK_ANSWER_NOT_BOOLEAN', { field });
      return value ? item.weight : 0;
    case 'scale': {
      const max = item.max ?? 0;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
        throw new CaseDomainError('RISK_ANSWER_OUT_OF_SCALE', { field, max });
      }
      return value * item.weight;
    }
  }
}

/** The highest level whose minScore the score reaches, whatever order the levels are listed in. */
export function levelOf(levels: readonly RiskLevelThreshold[], score: number): string {
  let best: RiskLevelThreshold | undefined;
  for (const threshold of levels) {
    if (threshold.minScore <= score && (best === undefined || threshold.minScore > best.minScore)) {
      best = threshold;
    }
  }
  // The catalogue check makes the first level start at 0; reaching here is a configuration bug.
  if (best === undefined) throw new Error(`the risk questionnaire has no level for a score of ${score}`);
  return best.level;
}

/** The highest score the questionnaire allows, to show a score in context ("7 of 23"). */
export function maxRiskScore(questionnaire: RiskQuestionnaire): number {
  return questionnaire.items.reduce(
    (sum, item) => sum + (item.type === 'boolean' ? item.weight : (item.max ?? 0) * item.weight),
    0,
  );
}
