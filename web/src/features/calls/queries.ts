import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type Call = components['schemas']['CallDto'];
export type CaseCall = components['schemas']['CaseCallDto'];
export type NewCall = components['schemas']['CreateCallDto'];

const HANOI_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Today in Hanoi, YYYY-MM-DD (the list's day; the API reads days in Hanoi). */
export const hanoiToday = (now = Date.now()): string =>
  new Date(now + HANOI_OFFSET_MS).toISOString().slice(0, 10);

/** "m:ss" (or "h:mm:ss") of a duration in seconds. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The caller's own calls of today (GET /calls?mine=true&from=today). */
export function useTodayCalls() {
  return useQuery({
    queryKey: ['calls', 'today'],
    refetchInterval: 60_000,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/calls', {
          params: { query: { mine: true, from: hanoiToday(), limit: 100 } },
        }),
      ).items,
  });
}

/** Logs an ended call; one Idempotency-Key per call, so a retry never makes two. */
export function useLogCall() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, key }: { body: NewCall; key: string }) =>
      unwrap(await api.POST('/api/v1/calls', { body, params: { header: { 'Idempotency-Key': key } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['calls'] });
    },
  });
}
