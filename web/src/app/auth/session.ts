/**
 * The signed-in session, held in memory only: a reload or a quick exit forgets it. Nothing here is ever
 * written to any storage.
 *
 * The refresh token lives in the API's HttpOnly cookie (sign-in with X-Haven-Client: web): no script can
 * read it. The page keeps the access token and the session's CSRF token here, in memory; the CSRF token
 * goes with every request that makes the API read the cookie (refresh, the quick exit's beacon).
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
  /** The cookie transport's CSRF token (X-CSRF-Token). */
  csrfToken?: string;
  expiresIn: number;
}

export interface RefreshTransport {
  /** Keeps what the transport needs from a fresh pair. */
  keep(pair: TokenPair): void;
  /** The body of POST /auth/refresh, or null when there is nothing to refresh with. */
  body(): Record<string, string> | null;
  /** Headers of POST /auth/refresh (the CSRF token for the cookie transport). */
  headers(): Record<string, string>;
  /** The CSRF token, for the quick exit's beacon; null without one. */
  csrf(): string | null;
  forget(): void;
}

/** The browser's transport: the refresh token in the HttpOnly cookie, the CSRF token in memory. */
export function cookieTransport(): RefreshTransport {
  let csrfToken: string | null = null;
  return {
    keep: (pair) => {
      csrfToken = pair.csrfToken ?? csrfToken;
    },
    body: () => (csrfToken ? {} : null),
    headers: (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {}),
    csrf: () => csrfToken,
    forget: () => {
      csrfToken = null;
    },
  };
}

/** The body transport (API clients, unit tests): the refresh token in memory, sent in the body. */
export function memoryTransport(): RefreshTransport {
  let refreshToken: string | null = null;
  return {
    keep: (pair) => {
      refreshToken = pair.refreshToken ?? null;
    },
    body: () => (refreshToken ? { refreshToken } : null),
    headers: () => ({}),
    csrf: () => null,
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

  constructor(readonly transport: RefreshTransport = cookieTransport()) {}

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
