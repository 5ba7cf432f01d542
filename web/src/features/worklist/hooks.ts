import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type WorklistItem = components['schemas']['WorklistItemDto'];
export type Due = 'overdue' | 'today' | 'week';

/** One band of the worklist (open follow-ups assigned to me), first 100 rows. */
export function useWorklist(due: Due | undefined) {
  return useQuery({
    queryKey: ['follow-ups', 'list', due ?? 'all'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/follow-ups', { params: { query: { due, limit: 100, scope: 'mine' } } })),
  });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['follow-ups'] });
}

export function useCompleteFollowUp() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (v: { id: string; key: string; outcome: string; note?: string }) =>
      unwrap(
        await api.POST('/api/v1/follow-ups/{id}/complete', {
          params: { path: { id: v.id }, header: { 'Idempotency-Key': v.key } },
          body: { outcome: v.outcome, ...(v.note ? { note: v.note } : {}) },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useRescheduleFollowUp() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (v: { id: string; key: string; dueAt: string; reasonText: string }) =>
      unwrap(
        await api.POST('/api/v1/follow-ups/{id}/reschedule', {
          params: { path: { id: v.id }, header: { 'Idempotency-Key': v.key } },
          body: { dueAt: v.dueAt, reasonText: v.reasonText },
        }),
      ),
    onSuccess: invalidate,
  });
}
