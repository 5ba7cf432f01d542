import { api, unwrap } from '../../api/client';
import { session } from './session';
import { dropMemory } from '../memory';
import { logoutBeacon } from '../safety/quick-exit';

/** The cookie transport: the refresh token in the HttpOnly cookie, never seen by a script. */
const WEB_CLIENT = { 'x-haven-client': 'web' } as const;

export async function signIn(username: string, password: string, totp?: string): Promise<void> {
  const pair = unwrap(
    await api.POST('/api/v1/auth/login', {
      body: { username, password, ...(totp ? { totp } : {}) },
      headers: WEB_CLIENT,
    }),
  );
  session.signIn(pair, pair.user);
}

export function signOut(): void {
  logoutBeacon(session.transport.csrf());
  dropMemory();
}

/** Unlocks the idle lock: the same session goes on once the API has checked the password (and code). */
export async function reauthenticate(password: string, totp?: string): Promise<void> {
  if (!session.get().user) throw new Error('not signed in');
  unwrap(await api.POST('/api/v1/auth/reauthenticate', { body: { password, ...(totp ? { totp } : {}) } }));
}
