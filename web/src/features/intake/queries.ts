import { useEffect, useState } from 'react';
import { useMutation, useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { completeNationalId, completePhone } from './identity';

export type Provider = components['schemas']['ProviderDto'];
export type Occupancy = components['schemas']['OccupancyDto'];
export type Duplicate = components['schemas']['DuplicateDto'];

const DAY_MS = 24 * 60 * 60 * 1000;
/** The organisation types that take a survivor in tonight (config/catalogues/organization-types.yaml). */
export const REFUGE_TYPES = ['safe_house', 'trusted_address'] as const;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => {
      setV(value);
    }, ms);
    return () => {
      clearTimeout(timer);
    };
  }, [value, ms]);
  return v;
}

/**
 * Earlier cases with this phone or national ID, once a complete valid value is typed (debounced: one
 * audited lookup per value, not per key press). The values travel in the POST body, never the URL, and
 * the query key holds only the normalised values, in memory.
 */
export function useDuplicateCheck(phone: string, nationalId: string) {
  const p = useDebounced(completePhone(phone), 400);
  const n = useDebounced(completeNationalId(nationalId), 400);
  return useQuery({
    queryKey: ['duplicate-check', p, n],
    enabled: p !== null || n !== null,
    staleTime: 60_000,
    gcTime: 60_000,
    queryFn: async () =>
      unwrap(
        await api.POST('/api/v1/cases/duplicate-check', {
          body: { ...(p ? { phone: p } : {}), ...(n ? { nationalId: n } : {}) },
        }),
      ).matches,
  });
}

/** The operator's own cases of the last 24 hours (the list route narrowed, the access rule unchanged). */
export function useRecentCases() {
  return useQuery({
    queryKey: ['cases', 'recent'],
    refetchInterval: 60_000,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/cases', {
          params: {
            query: { createdBy: 'me', since: new Date(Date.now() - DAY_MS).toISOString(), limit: 50 },
          },
        }),
      ).items,
  });
}

/** Safe houses and trusted addresses serving the commune, accepting referrals, with their free beds now. */
export function useRefuges(communeCode: string | null, enabled: boolean) {
  const lists = useQueries({
    queries: REFUGE_TYPES.map((type) => ({
      queryKey: ['providers', type, communeCode],
      enabled,
      queryFn: async () =>
        unwrap(
          await api.GET('/api/v1/providers', {
            params: {
              query: { type, accepting: 'true', limit: 50, ...(communeCode ? { communeCode } : {}) },
            },
          }),
        ).items,
    })),
  });
  const providers = lists.flatMap((l) => l.data ?? []);
  const beds = useQueries({
    queries: providers.map((p) => ({
      queryKey: ['occupancy', p.id],
      enabled,
      staleTime: 0,
      queryFn: async () =>
        unwrap(await api.GET('/api/v1/providers/{id}/occupancy', { params: { path: { id: p.id } } })),
    })),
  });
  const free = new Map(beds.flatMap((b) => (b.data ? [[b.data.providerId, b.data] as const] : [])));
  return {
    isLoading: lists.some((l) => l.isLoading),
    items: providers.map((p) => ({ provider: p, occupancy: free.get(p.id) ?? null })),
  };
}

export interface EmergencyReferral {
  caseId: string;
  providerId: string;
  services: string[];
  reasonText: string;
  /** One per referral offered: a retry never sends a second one. */
  idempotencyKey: string;
}

/** The emergency referral, sent under the override (no consent asked during the call). */
export function useSendEmergencyReferral() {
  return useMutation({
    mutationFn: async (r: EmergencyReferral) =>
      unwrap(
        await api.POST('/api/v1/cases/{id}/referrals', {
          params: { path: { id: r.caseId }, header: { 'Idempotency-Key': r.idempotencyKey } },
          body: {
            providerId: r.providerId,
            services: r.services,
            urgency: 'emergency',
            emergencyOverride: { reasonText: r.reasonText },
          },
        }),
      ),
  });
}
