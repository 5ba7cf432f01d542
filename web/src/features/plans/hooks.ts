import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

type S = components['schemas'];
export type CasePlan = S['CasePlanDto'];
export type PlanAction = S['PlanActionDto'];
export type PlanGoalInput = S['PlanGoalInputDto'];
export type PlanActionInput = S['PlanActionInputDto'];

/** The plan's reads sit under ['case', id, 'plan'] (a change to the file refreshes them too). */
export function useCurrentPlan(caseId: string) {
  return useQuery({
    queryKey: ['case', caseId, 'plan', 'current'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/cases/{id}/plan', { params: { path: { id: caseId } } })),
  });
}

export function usePlanVersions(caseId: string) {
  return useQuery({
    queryKey: ['case', caseId, 'plan', 'versions'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/cases/{id}/plan/versions', { params: { path: { id: caseId } } })),
  });
}

export function usePlanVersion(caseId: string, planId: string | null) {
  return useQuery({
    queryKey: ['case', caseId, 'plan', 'version', planId],
    enabled: planId !== null,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/cases/{id}/plan/versions/{planId}', {
          params: { path: { id: caseId, planId: planId ?? '' } },
        }),
      ),
  });
}

export function usePlanApprovals() {
  return useQuery({
    queryKey: ['plan-approvals'],
    queryFn: async () => unwrap(await api.GET('/api/v1/plan-approvals')),
  });
}

function usePlanMutation<V, R>(caseId: string, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['case', caseId, 'plan'] });
      await qc.invalidateQueries({ queryKey: ['plan-approvals'] });
      await qc.invalidateQueries({ queryKey: ['follow-ups'] });
    },
  });
}

export function useStartPlan(caseId: string) {
  return usePlanMutation(caseId, async (key: string) =>
    unwrap(
      await api.POST('/api/v1/cases/{id}/plan', {
        params: { path: { id: caseId }, header: { 'Idempotency-Key': key } },
      }),
    ),
  );
}

export function useSavePlan(caseId: string) {
  return usePlanMutation(caseId, async (v: { planId: string; version: number; goals: PlanGoalInput[] }) =>
    unwrap(
      await api.PUT('/api/v1/cases/{id}/plan/{planId}', {
        params: { path: { id: caseId, planId: v.planId } },
        body: { version: v.version, goals: v.goals },
      }),
    ),
  );
}

export type Decision = 'submit' | 'approve' | 'return';

export function usePlanStep(caseId: string) {
  return usePlanMutation(
    caseId,
    async (v: { step: Decision; planId: string; version: number; key: string; reason?: string }) => {
      const params = { path: { id: caseId, planId: v.planId }, header: { 'Idempotency-Key': v.key } };
      if (v.step === 'return') {
        return unwrap(
          await api.POST('/api/v1/cases/{id}/plan/{planId}/return', {
            params,
            body: { version: v.version, reason: v.reason ?? '' },
          }),
        );
      }
      const path =
        v.step === 'submit'
          ? '/api/v1/cases/{id}/plan/{planId}/submit'
          : '/api/v1/cases/{id}/plan/{planId}/approve';
      return unwrap(await api.POST(path, { params, body: { version: v.version } }));
    },
  );
}

export function useUpdateAction(caseId: string) {
  return usePlanMutation(
    caseId,
    async (v: {
      actionId: string;
      version: number;
      status: S['UpdatePlanActionDto']['status'];
      dropReason?: string;
      key: string;
    }) =>
      unwrap(
        await api.PATCH('/api/v1/cases/{id}/plan/actions/{actionId}', {
          params: { path: { id: caseId, actionId: v.actionId }, header: { 'Idempotency-Key': v.key } },
          body: {
            version: v.version,
            status: v.status,
            ...(v.dropReason ? { dropReason: v.dropReason } : {}),
          },
        }),
      ),
  );
}
