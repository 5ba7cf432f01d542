import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

type S = components['schemas'];
export type SafetyPlan = S['SafetyPlanDto'];
export type SafetyPlanBody = S['SafetyPlanBodyDto'];
const path = (id: string) => ({ path: { id } });

export function useSafetyPlan(id: string) {
  return useQuery({
    queryKey: ['case', id, 'safety-plan'],
    queryFn: async () => unwrap(await api.GET('/api/v1/cases/{id}/safety-plan', { params: path(id) })),
  });
}

export function useSafetyPlanHistory(id: string) {
  return useQuery({
    queryKey: ['case', id, 'safety-plan-history'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/cases/{id}/safety-plan/history', { params: path(id) })),
  });
}

/** Saving or reviewing changes the file's version: every read of the case is refreshed. */
function useCaseWork<V, R>(id: string, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: async () => {
      await qc.invalidateQueries({ queryKey: ['case', id] });
    },
  });
}

export function useSaveSafetyPlan(id: string) {
  return useCaseWork(id, async (v: { key: string; body: S['SafetyPlanInputDto'] }) =>
    unwrap(
      await api.PUT('/api/v1/cases/{id}/safety-plan', {
        params: { ...path(id), header: { 'Idempotency-Key': v.key } },
        body: v.body,
      }),
    ),
  );
}

export function useReviewSafetyPlan(id: string) {
  return useCaseWork(id, async (key: string) =>
    unwrap(
      await api.POST('/api/v1/cases/{id}/safety-plan/review', {
        params: { ...path(id), header: { 'Idempotency-Key': key } },
      }),
    ),
  );
}
