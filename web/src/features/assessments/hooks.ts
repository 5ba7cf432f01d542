import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { newKey } from '../../shared/newKey';
import type { Answers } from './form-logic';

type S = components['schemas'];
export type Assessment = S['AssessmentDto'];
export type AssessmentSummary = S['AssessmentSummaryDto'];

/** Reads sit under ['case', id, 'assessments']: a change refreshes the list and the one open. */
const key = (caseId: string, ...rest: string[]) => ['case', caseId, 'assessments', ...rest];

export function useForms() {
  return useQuery({
    queryKey: ['forms'],
    staleTime: Infinity,
    queryFn: async () => unwrap(await api.GET('/api/v1/forms')),
  });
}

export function useAssessments(caseId: string) {
  return useQuery({
    queryKey: key(caseId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/cases/{id}/assessments', { params: { path: { id: caseId } } })),
  });
}

export function useAssessment(caseId: string, assessmentId: string | null) {
  return useQuery({
    queryKey: key(caseId, assessmentId ?? ''),
    enabled: assessmentId !== null,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/cases/{id}/assessments/{assessmentId}', {
          params: { path: { id: caseId, assessmentId: assessmentId ?? '' } },
        }),
      ),
  });
}

function useAssessmentMutation<V>(caseId: string, fn: (v: V) => Promise<Assessment>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (a) => {
      qc.setQueryData(key(caseId, a.id), a);
      await qc.invalidateQueries({ queryKey: key(caseId), exact: true });
    },
  });
}

export function useStartAssessment(caseId: string) {
  return useAssessmentMutation(caseId, async (formKey: string) =>
    unwrap(
      await api.POST('/api/v1/cases/{id}/assessments', {
        params: { path: { id: caseId }, header: { 'Idempotency-Key': newKey() } },
        body: { formKey },
      }),
    ),
  );
}

export function useSaveAssessment(caseId: string) {
  return useAssessmentMutation(caseId, async (v: { id: string; version: number; answers: Answers }) =>
    unwrap(
      await api.PATCH('/api/v1/cases/{id}/assessments/{assessmentId}', {
        params: { path: { id: caseId, assessmentId: v.id }, header: { 'Idempotency-Key': newKey() } },
        body: { answers: v.answers, version: v.version },
      }),
    ),
  );
}

export function useCompleteAssessment(caseId: string) {
  return useAssessmentMutation(caseId, async (v: { id: string; version: number }) =>
    unwrap(
      await api.POST('/api/v1/cases/{id}/assessments/{assessmentId}/complete', {
        params: { path: { id: caseId, assessmentId: v.id }, header: { 'Idempotency-Key': newKey() } },
        body: { version: v.version },
      }),
    ),
  );
}
