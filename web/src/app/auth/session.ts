/**
 * The signed-in session, held in memory only: a reload or a quick exit forgets it. Nothing here is ever
 * written to any storage.
 *
 * The refresh token goes through a RefreshTransport so that moving it into the API's HttpOnly cookie is a
 * small change: a cookie transport keeps nothing, sends an empty body and lets the browser send the
 * cookie (credentials: 'same-origin'), while the access token stays here in memory either way.
 */
export interface SignedInUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  organizationId: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}

export interface RefreshTransport {
  /** Keeps what the transport needs from a fresh pair. */
  keep(pair: TokenPair): void;
  /** The body of POST /auth/refresh, or null when there is nothing to refresh with. */
  body(): Record<string, string> | null;
  forget(): void;
}

/** Today's transport: the refresh token in memory, sent in the body. */
export function memoryTransport(): RefreshTransport {
  let refreshToken: string | null = null;
  return {
    keep: (pair) => {
      refreshToken = pair.refreshToken ?? null;
    },
    body: () => (refreshToken ? { refreshToken } : null),
    forget: () => {
      refreshToken = null;
    },
  };
}

export interface SessionState {
  accessToken: string | null;
  user: SignedInUser | null;
}

type Listener = () => void;

export class Session {
  private state: SessionState = { accessToken: null, user: null };
  private readonly listeners = new Set<Listener>();

  constructor(readonly transport: RefreshTransport = memoryTransport()) {}

  get = (): SessionState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  signIn(pair: TokenPair, user: SignedInUser | null): void {
    this.transport.keep(pair);
    this.state = { accessToken: pair.accessToken, user: user ?? this.state.user };
    this.emit();
  }

  /** A refreshed pair: same person, new tokens. */
  renew(pair: TokenPair): void {
    this.signIn(pair, null);
  }

  clear(): void {
    this.transport.forget();
    this.state = { accessToken: null, user: null };
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

export const session = new Session();
