import { redisOptionsFromUrl } from './redis-connection';

describe('redisOptionsFromUrl', () => {
  it('takes the brackets off an IPv6 host', () => {
    expect(redisOptionsFromUrl('redis://[::1]:6380')).toMatchObject({ host: '::1', port: 6380 });
  });

  it('reads host and port', () => {
    expect(redisOptionsFromUrl('redis://cache.internal:6380')).toMatchObject({
      host: 'cache.internal',
      port: 6380,
      db: 0,
    });
  });

  it('defaults the port to 6379 and the database to 0', () => {
    const o = redisOptionsFromUrl('redis://cache.internal');
    expect(o.port).toBe(6379);
    expect(o.db).toBe(0);
  });

  it('treats a bare slash as database 0', () => {
    expect(redisOptionsFromUrl('redis://cache.internal:6379/').db).toBe(0);
  });

  it('reads the database number from the path', () => {
    expect(redisOptionsFromUrl('redis://cache.internal:6379/3').db).toBe(3);
  });

  it('reads a password without a user', () => {
    const o = redisOptionsFromUrl('redis://:s3cret@cache.internal:6379/1');
    expect(o.password).toBe('s3cret');
    expect(o.username).toBeUndefined();
  });

  it('reads a user and password', () => {
    expect(redisOptionsFromUrl('redis://haven:s3cret@cache.internal:6379')).toMatchObject({
      username: 'haven',
      password: 's3cret',
    });
  });

  it('decodes percent-encoded credentials', () => {
    const o = redisOptionsFromUrl('redis://ha%40ven:p%40ss%3Aw%2Frd@cache.internal:6379');
    expect(o.username).toBe('ha@ven');
    expect(o.password).toBe('p@ss:w/rd');
  });

  it('leaves credentials out when none are given', () => {
    const o = redisOptionsFromUrl('redis://localhost:6379');
    expect(o.username).toBeUndefined();
    expect(o.password).toBeUndefined();
  });

  it('turns TLS on for rediss', () => {
    expect(redisOptionsFromUrl('rediss://cache.internal:6380').tls).toEqual({});
  });

  it('leaves TLS off for redis', () => {
    expect(redisOptionsFromUrl('redis://cache.internal:6379').tls).toBeUndefined();
  });

  it('reconnects with a growing delay capped at two seconds', () => {
    const { retryStrategy } = redisOptionsFromUrl('redis://localhost:6379');
    expect(retryStrategy(1)).toBe(200);
    expect(retryStrategy(5)).toBe(1_000);
    expect(retryStrategy(10)).toBe(2_000);
    expect(retryStrategy(1_000)).toBe(2_000);
  });

  it('refuses a string that is not a URL', () => {
    expect(() => redisOptionsFromUrl('not a url')).toThrow();
  });
});
