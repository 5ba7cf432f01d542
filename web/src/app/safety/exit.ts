import { session } from '../auth/session';
import { dropMemory } from '../memory';
import { QUICK_EXIT_URL } from './config';
import { logoutBeacon, quickExit } from './quick-exit';

/** The quick exit as wired in the application. */
export function exitNow(): void {
  quickExit({
    signOut: () => {
      logoutBeacon(session.transport.csrf());
    },
    dropMemory,
    replace: (url) => {
      location.replace(url);
    },
    url: QUICK_EXIT_URL,
    storages: [safe(() => localStorage), safe(() => sessionStorage)],
  });
}

function safe<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}
