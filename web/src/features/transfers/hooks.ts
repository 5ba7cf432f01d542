import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

type S = components['schemas'];
export type Transfer = S['TransferDto'];
export type CaseTransfer = S['CaseTransferDto'];
export type Direction = 'incoming' | 'outgoing';

/** Where the supervisor's cases may go (other organisations of a receiving type). */
export function useDestinations(enabled: boolean) {
  return useQuery({
    queryKey: ['transfers', 'destinations'],
    enabled,
    staleTime: 300_000,
    queryFn: async () => unwrap(await api.GET('/api/v1/transfers/destinations')).items,
  });
}

/** The case's transfers (with note and decline reason): under ['case', id] like the file's other parts. */
export function useCaseTransfers(caseId: string) {
  return useQuery({
    queryKey: ['case', caseId, 'transfers'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/cases/{id}/transfers', { params: { path: { id: caseId } } })).items,
  });
}

export function useTransferList(direction: Direction, status: string | null) {
  return useQuery({
    queryKey: ['transfers', direction, status],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/transfers', {
          params: {
            query: { direction, ...(status ? { status: status as Transfer['status'] } : {}) },
          },
        }),
      ).items,
  });
}

/** The counsellors the accepting supervisor may assign the case to. */
export function useAssignable(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'assignable'],
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/users/assignable')).items,
  });
}

function useTransferMutation<V>(fn: (v: V) => Promise<Transfer>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (t) => {
      await qc.invalidateQueries({ queryKey: ['transfers'] });
      await qc.invalidateQueries({ queryKey: ['case', t.caseId] });
    },
  });
}

/** Each command carries its Idempotency-Key: a retry of the same form never asks twice. */
export function useRequestTransfer(caseId: string) {
  return useTransferMutation(async (v: { key: string; body: S['TransferRequestDto'] }) =>
    unwrap(
      await api.POST('/api/v1/cases/{id}/transfers', {
        params: { path: { id: caseId }, header: { 'Idempotency-Key': v.key } },
        body: v.body,
      }),
    ),
  );
}

export function useAcceptTransfer() {
  return useTransferMutation(async (v: { id: string; key: string; assigneeId?: string }) =>
    unwrap(
      await api.POST('/api/v1/transfers/{transferId}/accept', {
        params: { path: { transferId: v.id }, header: { 'Idempotency-Key': v.key } },
        body: v.assigneeId ? { assigneeId: v.assigneeId } : {},
      }),
    ),
  );
}

export function useDeclineTransfer() {
  return useTransferMutation(async (v: { id: string; key: string; reasonText: string }) =>
    unwrap(
      await api.POST('/api/v1/transfers/{transferId}/decline', {
        params: { path: { transferId: v.id }, header: { 'Idempotency-Key': v.key } },
        body: { reasonText: v.reasonText },
      }),
    ),
  );
}

export function useCancelTransfer() {
  return useTransferMutation(async (v: { id: string; key: string }) =>
    unwrap(
      await api.POST('/api/v1/transfers/{transferId}/cancel', {
        params: { path: { transferId: v.id }, header: { 'Idempotency-Key': v.key } },
        body: {},
      }),
    ),
  );
}
