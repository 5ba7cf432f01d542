import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

type S = components['schemas'];
export type CaseService = S['CaseServiceDto'];
const path = (id: string) => ({ path: { id } });

export function useCaseServices(id: string) {
  return useQuery({
    queryKey: ['case', id, 'services'],
    queryFn: async () => unwrap(await api.GET('/api/v1/cases/{id}/services', { params: path(id) })),
  });
}

function useCaseWork<V, R>(id: string, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: async () => {
      await qc.invalidateQueries({ queryKey: ['case', id] });
    },
  });
}

export function useRecordService(id: string) {
  return useCaseWork(id, async (v: { key: string; body: S['CaseServiceInputDto'] }) =>
    unwrap(
      await api.POST('/api/v1/cases/{id}/services', {
        params: { ...path(id), header: { 'Idempotency-Key': v.key } },
        body: v.body,
      }),
    ),
  );
}

export function useRemoveService(id: string) {
  return useCaseWork(id, async (v: { serviceId: string; version: number }) =>
    unwrap(
      await api.POST('/api/v1/cases/{id}/services/{serviceId}/remove', {
        params: { path: { id, serviceId: v.serviceId } },
        body: { version: v.version, reason: 'mistaken' },
      }),
    ),
  );
}

export function useCorrectIncident(id: string) {
  return useCaseWork(id, async (v: { incidentId: string; body: S['IncidentCorrectionDto'] }) =>
    unwrap(
      await api.PATCH('/api/v1/cases/{id}/incidents/{incidentId}', {
        params: { path: { id, incidentId: v.incidentId } },
        body: v.body,
      }),
    ),
  );
}
