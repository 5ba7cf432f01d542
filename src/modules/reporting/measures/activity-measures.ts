import type { ActivityFilter, ActivityMeasures } from '../../activities';
import { keysOf, numberOf } from './measure';
import type { FilterSpec, Measure, MeasureRequest } from './measure';

const KIND: FilterSpec = { kind: 'catalogue', catalogue: 'activity-kinds' };
const MODEL: FilterSpec = { kind: 'integer', min: 1, max: 5 };

const filterOf = ({ scope, period, filters }: MeasureRequest): ActivityFilter => ({
  period,
  provinceCode: scope.provinceCode,
  ...(scope.communeCodes ? { communeCodes: scope.communeCodes } : {}),
  ...(scope.organizationId ? { organizationId: scope.organizationId } : {}),
  ...(filters.kind !== undefined ? { kinds: keysOf(filters.kind) } : {}),
  ...(filters.model !== undefined ? { model: numberOf(filters.model) } : {}),
});

/**
 * Community work (the activities module's ActivityMeasures) and the entered denominators. They count no
 * person's record, so they are exact; a denominator never entered is null.
 */
export function activityMeasures(activities: ActivityMeasures, denominatorKeys: string[]): Measure[] {
  return [
    {
      id: 'activities.count',
      filters: { kind: KIND, model: MODEL },
      evaluate: async (r) => ({ kind: 'exact', value: await activities.count(filterOf(r)) }),
    },
    {
      id: 'activities.participants',
      filters: {
        kind: KIND,
        model: MODEL,
        audience: { kind: 'catalogue', catalogue: 'activity-audiences', single: true },
      },
      evaluate: async (r) => {
        const audience = r.filters.audience;
        const f = filterOf(r);
        return {
          kind: 'exact',
          value: await activities.participants(
            audience === undefined ? f : { ...f, audience: String(audience) },
          ),
        };
      },
    },
    {
      id: 'activities.youth_participants',
      filters: { kind: KIND, model: MODEL },
      evaluate: async (r) => ({ kind: 'exact', value: await activities.youthParticipants(filterOf(r)) }),
    },
    {
      id: 'activities.residential_clusters_reached',
      filters: { kind: KIND, model: MODEL },
      evaluate: async (r) => ({
        kind: 'exact',
        value: await activities.residentialClustersReached(filterOf(r)),
      }),
    },
    ...denominatorKeys.map((key): Measure => ({
      id: `denominator.${key}`,
      filters: {},
      evaluate: async ({ scope, period }) => ({
        kind: 'exact',
        value: await activities.denominator(period, scope.provinceCode, scope.communeCodes, key),
      }),
    })),
  ];
}
