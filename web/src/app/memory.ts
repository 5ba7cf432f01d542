import { QueryClient } from '@tanstack/react-query';
import { session } from './auth/session';

/** Server state, cached in memory only (never persisted). */
export const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, gcTime: 5 * 60_000 } },
});

const droppers = new Set<() => void>();

/** Registers a store (a draft, a cache) to be dropped on sign-out and quick exit. */
export function onDropMemory(drop: () => void): () => void {
  droppers.add(drop);
  return () => droppers.delete(drop);
}

/** Forgets everything held in memory: tokens, server answers, drafts. */
export function dropMemory(): void {
  queryClient.clear();
  for (const drop of droppers) drop();
  session.clear();
}
