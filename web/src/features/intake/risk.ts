/**
 * The live risk level while the operator asks the questions, from the risk-questionnaire catalogue's
 * weights and levels (the same rule as the API's scoring; the API's level on save is the one recorded).
 */
export interface RiskQuestion {
  key: string;
  type: 'boolean' | 'scale';
  weight: number;
  max?: number;
}

export interface RiskLevel {
  level: string;
  minScore: number;
  alert?: boolean;
}

export function liveRisk(
  questions: readonly RiskQuestion[],
  levels: readonly RiskLevel[],
  answers: Readonly<Record<string, boolean | number>>,
): { score: number; level: RiskLevel | null } {
  let score = 0;
  for (const q of questions) {
    const a = answers[q.key];
    if (q.type === 'boolean' && a === true) score += q.weight;
    if (q.type === 'scale' && typeof a === 'number') score += a * q.weight;
  }
  score = Math.round(score * 1e6) / 1e6;
  let level: RiskLevel | null = null;
  for (const l of [...levels].sort((x, y) => x.minScore - y.minScore)) if (score >= l.minScore) level = l;
  return { score, level };
}
