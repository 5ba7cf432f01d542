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

export const LOGOUT_BEACON_PATH = '/api/v1/auth/logout/cookie';

/**
 * The logout that outlives the page: a beacon to the cookie logout route, the browser sending the
 * refresh cookie and the body (text/plain) carrying the CSRF token, since a beacon sets no header. The
 * session ends on the server, so the access token in memory and the cookie stop working together.
 */
export function logoutBeacon(
  csrfToken: string | null,
  beacon: (url: string, data: string) => boolean = (url, data) => navigator.sendBeacon(url, data),
): void {
  if (!csrfToken) return;
  try {
    if (beacon(LOGOUT_BEACON_PATH, csrfToken)) return;
  } catch {
    /* no beacon here: the keepalive request below */
  }
  void fetch(LOGOUT_BEACON_PATH, {
    method: 'POST',
    keepalive: true,
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrfToken },
  }).catch(() => undefined);
}
