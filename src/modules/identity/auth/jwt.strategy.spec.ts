import { bearerTokenOf, CLOCK_SKEW_SECONDS, timesAreSound } from './jwt.strategy';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('bearerTokenOf', () => {
  it('takes the token of a header that holds exactly one', () => {
    expect(bearerTokenOf({ headers: { authorization: `Bearer ${JWT}` } })).toBe(JWT);
    expect(bearerTokenOf({ headers: { authorization: `bearer ${JWT}` } })).toBe(JWT);
  });

  it.each([
    ['trailing junk', `Bearer ${JWT} junk`],
    ['two tokens', `Bearer ${JWT} ${JWT}`],
    ['a trailing tab', `Bearer ${JWT}\t`],
    ['another scheme', `Basic ${JWT}`],
    ['no scheme', JWT],
    ['not three parts', 'Bearer abc.def'],
    ['an empty signature', 'Bearer abc.def.'],
  ])('refuses %s', (_what, header) => {
    expect(bearerTokenOf({ headers: { authorization: header } })).toBeNull();
  });

  it('refuses a missing or repeated header', () => {
    expect(bearerTokenOf({ headers: {} })).toBeNull();
    expect(bearerTokenOf({ headers: { authorization: [`Bearer ${JWT}`, `Bearer ${JWT}`] } })).toBeNull();
  });
});

describe('timesAreSound', () => {
  const now = 1_800_000_000;

  it('accepts exp after iat, iat up to the clock skew ahead', () => {
    expect(timesAreSound({ iat: now, exp: now + 900 }, now)).toBe(true);
    expect(timesAreSound({ iat: now + CLOCK_SKEW_SECONDS, exp: now + 900 }, now)).toBe(true);
  });

  it('refuses no exp, no iat, iat beyond the skew, exp not after iat, times that are not numbers', () => {
    expect(timesAreSound({ iat: now }, now)).toBe(false);
    expect(timesAreSound({ exp: now + 900 }, now)).toBe(false);
    expect(timesAreSound({ iat: now + CLOCK_SKEW_SECONDS + 1, exp: now + 900 }, now)).toBe(false);
    expect(timesAreSound({ iat: now, exp: now }, now)).toBe(false);
    expect(timesAreSound({ iat: String(now), exp: now + 900 }, now)).toBe(false);
  });
});
