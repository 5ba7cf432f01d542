/**
 * Quick exit: end the session on the server without waiting, forget everything held in memory and in
 * the browser's storage, and replace the page (location.replace: the back button does not come back).
 */
export interface QuickExitDeps {
  /** Fire-and-forget sign-out (keepalive request): must not delay the exit. */
  signOut: () => void;
  /** Drops every in-memory store: tokens, cached answers, drafts. */
  dropMemory: () => void;
  replace: (url: string) => void;
  url: string;
  storages?: Array<Pick<Storage, 'clear'> | undefined>;
}

export function quickExit(deps: QuickExitDeps): void {
  // Each step on its own: one failing must not keep the page on screen.
  for (const step of [deps.signOut, deps.dropMemory]) {
    try {
      step();
    } catch {
      /* keep going */
    }
  }
  for (const storage of deps.storages ?? []) {
    try {
      storage?.clear();
    } catch {
      /* keep going */
    }
  }
  deps.replace(deps.url);
}

/** The logout request that outlives the page (a beacon cannot carry the bearer token). */
export function logoutBeacon(accessToken: string | null, send: typeof fetch = (...a) => fetch(...a)): void {
  if (!accessToken) return;
  void send('/api/v1/auth/logout', {
    method: 'POST',
    keepalive: true,
    credentials: 'same-origin',
    headers: { authorization: `Bearer ${accessToken}` },
  }).catch(() => undefined);
}
