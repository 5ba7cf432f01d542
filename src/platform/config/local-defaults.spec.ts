import { LOCAL_DEFAULTS, withLocalDefaults } from './local-defaults';

describe('local defaults (start:local and the command line)', () => {
  it('fills NODE_ENV, DATABASE_URL and REDIS_URL when the environment says nothing', () => {
    expect(withLocalDefaults({ PATH: '/usr/bin' })).toEqual({
      env: { PATH: '/usr/bin', ...LOCAL_DEFAULTS },
      filled: ['NODE_ENV', 'DATABASE_URL', 'REDIS_URL'],
    });
  });

  it('keeps what the environment gives', () => {
    const { env, filled } = withLocalDefaults({ DATABASE_URL: 'postgres://u@db:5432/x' });
    expect(env).toMatchObject({ NODE_ENV: 'development', DATABASE_URL: 'postgres://u@db:5432/x' });
    expect(filled).toEqual(['NODE_ENV', 'REDIS_URL']);
  });

  it.each(['production', 'test'])('fills nothing for NODE_ENV=%s', (nodeEnv) => {
    expect(withLocalDefaults({ NODE_ENV: nodeEnv })).toEqual({ env: { NODE_ENV: nodeEnv }, filled: [] });
  });
});
