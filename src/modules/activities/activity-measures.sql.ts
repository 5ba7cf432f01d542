import { PositionalParams, Statement } from '../../platform/database';
import type { Period } from './domain/period';

/** Which activities a measure counts: those dated within the period, in the province, narrowed further. */
export interface ActivityFilter {
  period: Period;
  provinceCode: string;
  /** Only activities held in these communes (an empty list matches none). */
  communeCodes?: string[];
  organizationId?: string;
  /** Only these kinds (keys of config/catalogues/activity-kinds.yaml). */
  kinds?: string[];
  model?: number;
}

/** The totals over activities the plan's measures use. */
export type ActivityTotal = 'count' | 'participants' | 'youthParticipants' | 'residentialClustersReached';

const EXPRESSIONS: Record<ActivityTotal, string> = {
  count: 'count(*)',
  participants: 'sum(a.participants_female + a.participants_male + a.participants_other)',
  youthParticipants: 'sum(a.youth_participants)',
  residentialClustersReached: 'sum(a.residential_clusters_reached)',
};

/**
 * One total over the activities the filter keeps (and, with an audience, only those aimed at it), as
 * bigint text in column `total`. Pure: every value is a parameter.
 */
export function activityTotalStatement(
  total: ActivityTotal,
  f: ActivityFilter,
  audience?: string,
): Statement {
  const p = new PositionalParams();
  const where = [
    `a.date BETWEEN ${p.add(f.period.firstDay)}::date AND ${p.add(f.period.lastDay)}::date`,
    `a.province_code = ${p.add(f.provinceCode)}`,
  ];
  if (f.communeCodes) where.push(`a.commune_code = ANY(${p.add(f.communeCodes)}::varchar[])`);
  if (f.organizationId !== undefined) where.push(`a.organization_id = ${p.add(f.organizationId)}::uuid`);
  if (f.kinds) where.push(`a.kind = ANY(${p.add(f.kinds)}::text[])`);
  if (f.model !== undefined) where.push(`a.model = ${p.add(f.model)}::smallint`);
  if (audience !== undefined) where.push(`${p.add(audience)}::text = ANY(a.audience)`);
  return {
    text: `SELECT coalesce(${EXPRESSIONS[total]}, 0)::bigint::text AS total FROM activities a WHERE ${where.join(' AND ')}`,
    values: p.values,
  };
}
