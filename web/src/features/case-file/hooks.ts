import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

type S = components['schemas'];
export type CaseFile = S['CaseFileDto'];
export type ConsentRecord = S['ConsentHistoryEntryDto'];
const path = (id: string) => ({ path: { id } });

/** Every read of the file and its parts sits under ['case', id]: one invalidation refreshes the file. */
const readFile = (id: string) => async () =>
  unwrap(await api.GET('/api/v1/cases/{id}', { params: path(id) }));

export function useCaseFile(id: string) {
  return useQuery({ queryKey: ['case', id, 'file'], retry: false, queryFn: readFile(id) });
}

/** Reads the file afresh (after a version conflict: the stored values and version). */
export function useReadCaseFileNow(id: string): () => Promise<CaseFile> {
  const qc = useQueryClient();
  return () => qc.query({ queryKey: ['case', id, 'file'], queryFn: readFile(id), staleTime: 0 });
}

function useCaseMutation<V, R>(id: string, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['case', id] });
      await qc.invalidateQueries({ queryKey: ['follow-ups'] });
    },
  });
}

export function useUpdateCase(id: string) {
  return useCaseMutation(id, async (body: S['UpdateCaseDto']) =>
    unwrap(await api.PATCH('/api/v1/cases/{id}', { params: path(id), body })),
  );
}

export function useIncidents(id: string) {
  return useQuery({
    queryKey: ['case', id, 'incidents'],
    queryFn: async () => unwrap(await api.GET('/api/v1/cases/{id}/incidents', { params: path(id) })),
  });
}

export function useNotes(id: string) {
  return useQuery({
    queryKey: ['case', id, 'notes'],
    queryFn: async () => unwrap(await api.GET('/api/v1/cases/{id}/notes', { params: path(id) })),
  });
}

export function useAddNote(id: string) {
  return useCaseMutation(id, async (text: string) =>
    unwrap(await api.POST('/api/v1/cases/{id}/notes', { params: path(id), body: { text } })),
  );
}

export function useMeasures(id: string) {
  return useQuery({
    queryKey: ['case', id, 'measures'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/cases/{id}/protection-measures', { params: path(id) })),
  });
}

export function useAccessLog(id: string) {
  return useQuery({
    queryKey: ['case', id, 'access-log'],
    queryFn: async () => unwrap(await api.GET('/api/v1/cases/{id}/access-log', { params: path(id) })),
  });
}

export function useReferrals(id: string) {
  return useQuery({
    queryKey: ['case', id, 'referrals'],
    queryFn: async () => unwrap(await api.GET('/api/v1/cases/{id}/referrals', { params: path(id) })),
  });
}

export function useSendReferral(id: string) {
  return useCaseMutation(id, async (v: { key: string; body: S['CreateReferralDto'] }) =>
    unwrap(
      await api.POST('/api/v1/cases/{id}/referrals', {
        params: { ...path(id), header: { 'Idempotency-Key': v.key } },
        body: v.body,
      }),
    ),
  );
}

export function useProviders() {
  return useQuery({
    queryKey: ['providers', 'accepting'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/providers', { params: { query: { accepting: 'true', limit: 100 } } })),
  });
}

/** Every consent of the case with its id, withdrawn ones too, newest first (GET …/consents, audited). */
export function useConsents(id: string) {
  return useQuery({
    queryKey: ['case', id, 'consents'],
    queryFn: async () => unwrap(await api.GET('/api/v1/cases/{id}/consents', { params: path(id) })).items,
  });
}

export function useGiveConsent(id: string) {
  return useCaseMutation(id, async (body: S['ConsentCreateDto']) =>
    unwrap(await api.POST('/api/v1/cases/{id}/consents', { params: path(id), body })),
  );
}

export function useWithdrawConsent(id: string) {
  return useCaseMutation(id, async (v: { consentId: string; reasonText?: string }) =>
    unwrap(
      await api.POST('/api/v1/cases/{id}/consents/{consentId}/withdraw', {
        params: { path: { id, consentId: v.consentId } },
        body: v.reasonText ? { reasonText: v.reasonText } : {},
      }),
    ),
  );
}

/** The case's follow-ups, open and done; under ['follow-ups'] so the worklist's actions refresh it. */
export function useCaseFollowUps(id: string) {
  return useQuery({
    queryKey: ['follow-ups', 'case', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/cases/{id}/follow-ups', { params: path(id) })).items,
  });
}

export function useRiskHistory(id: string) {
  return useQuery({
    queryKey: ['case', id, 'risk-assessments'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/cases/{id}/risk-assessments', { params: path(id) })).items,
  });
}

export function useStatusHistory(id: string) {
  return useQuery({
    queryKey: ['case', id, 'status-history'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/cases/{id}/status-history', { params: path(id) })).items,
  });
}

export function useAddFollowUp(id: string) {
  return useCaseMutation(id, async (v: { key: string; body: S['CreateFollowUpDto'] }) =>
    unwrap(
      await api.POST('/api/v1/cases/{id}/follow-ups', {
        params: { ...path(id), header: { 'Idempotency-Key': v.key } },
        body: v.body,
      }),
    ),
  );
}

export function useReassess(id: string) {
  return useCaseMutation(id, async (answers: Record<string, boolean | number>) =>
    unwrap(await api.POST('/api/v1/cases/{id}/risk-assessments', { params: path(id), body: { answers } })),
  );
}

export function useTransition(id: string) {
  return useCaseMutation(id, async (body: S['TransitionDto']) =>
    unwrap(await api.POST('/api/v1/cases/{id}/transitions', { params: path(id), body })),
  );
}

export function useBreakGlass(id: string) {
  return useCaseMutation(id, async (reasonText: string) =>
    unwrap(await api.POST('/api/v1/cases/{id}/break-glass', { params: path(id), body: { reasonText } })),
  );
}

export function useAddMeasure(id: string) {
  return useCaseMutation(id, async (body: S['ProtectionMeasureInputDto']) =>
    unwrap(await api.POST('/api/v1/cases/{id}/protection-measures', { params: path(id), body })),
  );
}
