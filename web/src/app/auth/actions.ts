import { api, unwrap } from '../../api/client';
import { session } from './session';
import { dropMemory } from '../memory';
import { logoutBeacon } from '../safety/quick-exit';

export async function signIn(username: string, password: string, totp?: string): Promise<void> {
  const pair = unwrap(
    await api.POST('/api/v1/auth/login', { body: { username, password, ...(totp ? { totp } : {}) } }),
  );
  session.signIn(pair, pair.user);
}

export function signOut(): void {
  logoutBeacon(session.get().accessToken);
  dropMemory();
}

/**
 * Unlocks the idle lock by signing in again as the same person (the API has no re-authentication route):
 * the new session replaces the old one, which is ended.
 */
export async function reauthenticate(password: string, totp?: string): Promise<void> {
  const user = session.get().user;
  if (!user) throw new Error('not signed in');
  const old = session.get().accessToken;
  const pair = unwrap(
    await api.POST('/api/v1/auth/login', {
      body: { username: user.username, password, ...(totp ? { totp } : {}) },
    }),
  );
  session.signIn(pair, pair.user);
  logoutBeacon(old);
}
