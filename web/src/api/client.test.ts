import { describe, expect, it, vi } from 'vitest';
import { authFetch } from './client';
import { memoryTransport, Session } from '../app/auth/session';

const urlOf = (input: RequestInfo | URL): string => (input instanceof Request ? input.url : input.toString());

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function signedIn(): Session {
  const s = new Session(memoryTransport());
  s.signIn({ accessToken: 'old', refreshToken: 'r1', expiresIn: 900 }, null);
  return s;
}

describe('authFetch', () => {
  it('sends the bearer token and the language', async () => {
    const seen: Request[] = [];
    const f = authFetch(signedIn(), ((r: Request) => {
      seen.push(r);
      return Promise.resolve(json(200, {}));
    }) as typeof fetch);
    await f(new Request('http://x/api/v1/auth/me'));
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer old');
    expect(seen[0]?.headers.get('accept-language')).toMatch(/^(vi|en)$/);
  });

  it('on a 401 refreshes once with the refresh token, then retries with the new access token', async () => {
    const s = signedIn();
    const base = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      if (urlOf(input).endsWith('/auth/refresh')) {
        expect(JSON.parse(init?.body as string)).toEqual({ refreshToken: 'r1' });
        return Promise.resolve(json(200, { accessToken: 'new', refreshToken: 'r2', expiresIn: 900 }));
      }
      const auth = (input as Request).headers.get('authorization');
      return Promise.resolve(
        auth === 'Bearer new' ? json(200, { ok: true }) : json(401, { code: 'UNAUTHENTICATED' }),
      );
    });
    const f = authFetch(s, base);
    const [a, b] = await Promise.all([
      f(new Request('http://x/api/v1/cases', { method: 'POST', body: '{"a":1}' })),
      f(new Request('http://x/api/v1/auth/me')),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // One refresh for both: a refresh token is single use.
    expect(base.mock.calls.filter(([u]) => urlOf(u).endsWith('/auth/refresh'))).toHaveLength(1);
    expect(s.get().accessToken).toBe('new');
    expect(s.transport.body()).toEqual({ refreshToken: 'r2' });
  });

  it('forgets the session when the refresh is refused', async () => {
    const s = signedIn();
    const base = vi.fn((input: RequestInfo | URL) =>
      Promise.resolve(
        urlOf(input).endsWith('/auth/refresh') ? json(401, { code: 'REFRESH_TOKEN_INVALID' }) : json(401, {}),
      ),
    );
    const res = await authFetch(s, base)(new Request('http://x/api/v1/auth/me'));
    expect(res.status).toBe(401);
    expect(s.get()).toEqual({ accessToken: null, user: null });
    expect(s.transport.body()).toBeNull();
  });

  it('by default (the cookie transport) refreshes with an empty body and the CSRF token, keeping no refresh token', async () => {
    const s = new Session();
    s.signIn({ accessToken: 'old', csrfToken: 'c1', expiresIn: 900 }, null);
    let refreshInit: RequestInit | undefined;
    const base = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      if (urlOf(input).endsWith('/auth/refresh')) {
        refreshInit = init;
        return Promise.resolve(json(200, { accessToken: 'new', csrfToken: 'c1', expiresIn: 900 }));
      }
      const auth = (input as Request).headers.get('authorization');
      return Promise.resolve(auth === 'Bearer new' ? json(200, {}) : json(401, {}));
    });
    const res = await authFetch(s, base)(new Request('http://x/api/v1/auth/me'));
    expect(res.status).toBe(200);
    expect(JSON.parse(refreshInit?.body as string)).toEqual({});
    expect(refreshInit?.headers).toMatchObject({ 'x-csrf-token': 'c1' });
    expect(refreshInit?.credentials).toBe('same-origin');
    expect(s.transport.csrf()).toBe('c1');
    s.clear();
    expect(s.transport.csrf()).toBeNull();
    expect(s.transport.body()).toBeNull();
  });
});
