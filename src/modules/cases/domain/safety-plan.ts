/**
 * The safety plan's status on the file (issue 15, item 3), decided on the plan's last review (a save is
 * one) and the case's latest risk assessment:
 * - needed: no plan, and the latest assessment is high (an alerting level of the questionnaire);
 * - review_due: a plan whose last review is older than the latest assessment (every re-assessment,
 *   whatever its level, makes an existing plan due for review);
 * - current: a plan reviewed since the latest assessment;
 * - not_needed: no plan, and the risk is not high.
 */
export const SAFETY_PLAN_STATUSES = ['needed', 'review_due', 'current', 'not_needed'] as const;
export type SafetyPlanStatus = (typeof SAFETY_PLAN_STATUSES)[number];

export function safetyPlanStatus(
  reviewedAt: Date | null,
  latest: { level: string; assessedAt: Date } | null,
  isHigh: (level: string) => boolean,
): SafetyPlanStatus {
  if (reviewedAt === null) return latest && isHigh(latest.level) ? 'needed' : 'not_needed';
  if (latest && latest.assessedAt.getTime() > reviewedAt.getTime()) return 'review_due';
  return 'current';
}
