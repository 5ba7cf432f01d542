import createClient from 'openapi-fetch';
import type { paths } from './schema';
import { session, type Session, type TokenPair } from '../app/auth/session';
import { currentLanguage } from '../app/i18n/language';

/** An error answer of the API: its code names the problem, its message is in the chosen language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const AUTH_ROUTES = /\/api\/v1\/auth\/(login|refresh)$/;

/**
 * fetch with the access token, the language, and one refresh-and-retry on a 401 (refreshes are shared:
 * parallel 401s wait for the same one, because a refresh token is single use).
 */
export function authFetch(s: Session, baseFetch: typeof fetch = (...a) => fetch(...a)) {
  let refreshing: Promise<boolean> | null = null;

  const refresh = (): Promise<boolean> => {
    refreshing ??= (async () => {
      const body = s.transport.body();
      if (!body) return false;
      const res = await baseFetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...s.transport.headers() },
        body: JSON.stringify(body),
        credentials: 'same-origin',
      });
      if (!res.ok) {
        s.clear();
        return false;
      }
      s.renew((await res.json()) as TokenPair);
      return true;
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  const withHeaders = (req: Request): Request => {
    const headers = new Headers(req.headers);
    const token = s.get().accessToken;
    if (token) headers.set('authorization', `Bearer ${token}`);
    headers.set('accept-language', currentLanguage());
    return new Request(req, { headers });
  };

  return async (input: Request): Promise<Response> => {
    const retry = input.clone();
    const res = await baseFetch(withHeaders(input));
    if (res.status !== 401 || AUTH_ROUTES.test(new URL(input.url).pathname)) return res;
    if (!s.get().accessToken || !(await refresh())) return res;
    return baseFetch(withHeaders(retry));
  };
}

export const api = createClient<paths>({ baseUrl: location.origin, fetch: authFetch(session) });

/** The data of an openapi-fetch result, or an ApiError with the API's code and message. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const e = (result.error ?? {}) as { code?: string; message?: string };
    throw new ApiError(result.response.status, e.code ?? `HTTP_${result.response.status}`, e.message ?? '');
  }
  return result.data as T;
}
