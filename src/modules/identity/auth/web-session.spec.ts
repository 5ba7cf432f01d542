import { clearedRefreshCookie, csrfMatches, parseCookies, refreshCookie } from './web-session';

describe('web session cookies', () => {
  it('parses one Cookie header into names and values', () => {
    const c = parseCookies('haven_refresh=abc-_123; other=x=y;  spaced = v ; quoted="q"');
    expect(c.get('haven_refresh')).toBe('abc-_123');
    expect(c.get('other')).toBe('x=y');
    expect(c.get('spaced')).toBe('v');
    expect(c.get('quoted')).toBe('q');
  });

  it('keeps the first of a repeated name and skips malformed pairs', () => {
    const c = parseCookies('a=1; a=2; =nameless; novalue; ;b=');
    expect([...c.entries()]).toEqual([
      ['a', '1'],
      ['b', ''],
    ]);
  });

  it('answers an empty map for no header', () => {
    expect(parseCookies(undefined).size).toBe(0);
    expect(parseCookies('').size).toBe(0);
  });

  it('sets the refresh cookie HttpOnly, SameSite=Strict, on the auth routes only; Secure in production', () => {
    expect(refreshCookie('t', { NODE_ENV: 'test' })).toBe(
      'haven_refresh=t; Path=/api/v1/auth; HttpOnly; SameSite=Strict',
    );
    expect(refreshCookie('t', { NODE_ENV: 'production' })).toContain('; Secure');
    expect(clearedRefreshCookie({ NODE_ENV: 'test' })).toContain('Max-Age=0');
  });

  it('compares CSRF tokens exactly', () => {
    expect(csrfMatches('abc', 'abc')).toBe(true);
    expect(csrfMatches('abd', 'abc')).toBe(false);
    expect(csrfMatches('ab', 'abc')).toBe(false);
    expect(csrfMatches(undefined, 'abc')).toBe(false);
  });
});
