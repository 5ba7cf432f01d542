import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { newKey } from '../../shared/newKey';

type S = components['schemas'];
export type CaseLink = S['CaseLinkDto'];
export type CaseMerge = S['CaseMergeDto'];
const path = (id: string) => ({ path: { id } });

/** Links and merges sit under ['case', id] too: the file's invalidation refreshes them. */
export function useLinks(id: string) {
  return useQuery({
    queryKey: ['case', id, 'links'],
    queryFn: async () => unwrap(await api.GET('/api/v1/cases/{id}/links', { params: path(id) })).items,
  });
}

export function useMerges(id: string) {
  return useQuery({
    queryKey: ['case', id, 'merges'],
    queryFn: async () => unwrap(await api.GET('/api/v1/cases/{id}/merges', { params: path(id) })).items,
  });
}

function useInvalidating<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['case'] });
      await qc.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}

/** Links the case to another by reference (what intake's duplicate check shows) or id. */
export function useLink(id: string) {
  return useInvalidating(async (body: S['CaseLinkInputDto']) =>
    unwrap(
      await api.POST('/api/v1/cases/{id}/links', {
        params: { ...path(id), header: { 'Idempotency-Key': newKey() } },
        body,
      }),
    ),
  );
}

export function useUnlink(id: string) {
  return useInvalidating(async (linkId: string) => {
    const res = await api.DELETE('/api/v1/cases/{id}/links/{linkId}', { params: { path: { id, linkId } } });
    if (!res.response.ok) unwrap(res);
  });
}

export function useMerge(id: string) {
  return useInvalidating(async (body: S['CaseMergeInputDto'] & { key: string }) => {
    const { key, ...input } = body;
    return unwrap(
      await api.POST('/api/v1/cases/{id}/merge', {
        params: { ...path(id), header: { 'Idempotency-Key': key } },
        body: input,
      }),
    );
  });
}

export function useUndoMerge() {
  return useInvalidating(async (mergeId: string) =>
    unwrap(
      await api.POST('/api/v1/case-merges/{mergeId}/undo', {
        params: { path: { mergeId }, header: { 'Idempotency-Key': newKey() } },
      }),
    ),
  );
}

/** The case a reference names, among those the caller may see (the search; a merged one finds its successor). */
export function useFindCase() {
  return useMutation({
    mutationFn: async (reference: string) =>
      unwrap(await api.POST('/api/v1/cases/search', { body: { reference } })).items[0] ?? null,
  });
}

/** The successor of a merged case: the 410 CASE_MERGED answer's details (read only when the file said so). */
export function useMergedInto(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['case', id, 'merged-into'],
    enabled,
    retry: false,
    queryFn: async () => {
      const res = await api.GET('/api/v1/cases/{id}', { params: path(id) });
      const details = (res.error as { details?: { mergedInto?: S['CaseRefDto'] | null } } | undefined)
        ?.details;
      return details?.mergedInto ?? null;
    },
  });
}
