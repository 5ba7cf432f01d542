import { ConfigurationError, loadEnv } from './env.schema';

const VALID_DATABASE_URL = 'postgres://haven:password@localhost:5432/haven';
const VALID_REDIS_URL = 'redis://localhost:6379';

function baseEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { NODE_ENV: 'test', DATABASE_URL: VALID_DATABASE_URL, REDIS_URL: VALID_REDIS_URL, ...overrides };
}

function productionEnv(
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return baseEnv({
    NODE_ENV: 'production',
    PORT: '8080',
    LOG_LEVEL: 'warn',
    REDIS_KEY_PREFIX: 'haven-prod',
    HAVEN_DATA_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    HAVEN_INDEX_KEY: `i1:${Buffer.alloc(32, 2).toString('base64')}`,
    JWT_SECRET: 'x'.repeat(40),
    NOTIFY_EXTERNAL: 'none',
    ...overrides,
  });
}

/** Runs loadEnv and returns the ConfigurationError it throws; fails the test if it throws nothing else. */
function configurationErrorOf(raw: Record<string, string | undefined>): ConfigurationError {
  try {
    loadEnv(raw);
  } catch (e: unknown) {
    if (e instanceof ConfigurationError) return e;
    throw e;
  }
  throw new Error('loadEnv accepted an environment it should have refused');
}

function settingsNamed(error: ConfigurationError): string[] {
  return error.problems.map((p) => p.setting);
}

describe('loadEnv', () => {
  it('requires the keys, the token secret and the outside channel in production, naming each', () => {
    const error = configurationErrorOf(
      productionEnv({
        HAVEN_DATA_KEYS: undefined,
        HAVEN_INDEX_KEY: undefined,
        JWT_SECRET: undefined,
        NOTIFY_EXTERNAL: undefined,
      }),
    );
    expect(settingsNamed(error).sort()).toEqual([
      'HAVEN_DATA_KEYS',
      'HAVEN_INDEX_KEY',
      'JWT_SECRET',
      'NOTIFY_EXTERNAL',
    ]);
  });

  it('refuses a malformed key ring without printing it', () => {
    const error = configurationErrorOf(productionEnv({ HAVEN_DATA_KEYS: 'k1:c2hvcnQ-secret-marker' }));
    expect(settingsNamed(error)).toEqual(['HAVEN_DATA_KEYS']);
    expect(error.message).not.toContain('secret-marker');
  });

  it('requires SMTP_URL and SMTP_FROM when the outside channel is smtp', () => {
    const error = configurationErrorOf(productionEnv({ NOTIFY_EXTERNAL: 'smtp' }));
    expect(settingsNamed(error).sort()).toEqual(['SMTP_FROM', 'SMTP_URL']);
  });

  it('reads HAVEN_CONFIG_DIR, a setting without a default', () => {
    expect(loadEnv(baseEnv({ HAVEN_CONFIG_DIR: '/etc/haven' })).HAVEN_CONFIG_DIR).toBe('/etc/haven');
  });

  it('says a PORT that is not a number must be a whole number', () => {
    const error = configurationErrorOf(baseEnv({ PORT: 'eighty' }));
    expect(settingsNamed(error)).toEqual(['PORT']);
    expect(error.message).toContain('PORT must be a whole number');
  });

  describe('NODE_ENV', () => {
    it('refuses a missing NODE_ENV and names it', () => {
      const error = configurationErrorOf(baseEnv({ NODE_ENV: undefined }));
      expect(settingsNamed(error)).toEqual(['NODE_ENV']);
      expect(error.message).toContain('NODE_ENV');
    });

    it('treats an empty NODE_ENV as missing', () => {
      const error = configurationErrorOf(baseEnv({ NODE_ENV: '' }));
      expect(settingsNamed(error)).toEqual(['NODE_ENV']);
      expect(error.message).toContain('NODE_ENV is missing');
    });

    it('refuses a NODE_ENV outside production, development and test', () => {
      const error = configurationErrorOf(baseEnv({ NODE_ENV: 'staging' }));
      expect(settingsNamed(error)).toEqual(['NODE_ENV']);
    });

    it.each(['production', 'development', 'test'])('accepts NODE_ENV=%s', (nodeEnv) => {
      const env = loadEnv(productionEnv({ NODE_ENV: nodeEnv }));
      expect(env.NODE_ENV).toBe(nodeEnv);
    });
  });

  describe('DATABASE_URL', () => {
    it.each(['mysql://x', 'not a url', 'postgres://', 'postgres://host:5432', 'http://host:5432/haven'])(
      'refuses the malformed DATABASE_URL %p and names the setting',
      (url) => {
        const error = configurationErrorOf(baseEnv({ DATABASE_URL: url }));
        expect(settingsNamed(error)).toEqual(['DATABASE_URL']);
        expect(error.message).toContain('DATABASE_URL');
      },
    );

    it('refuses a missing DATABASE_URL even in development', () => {
      const error = configurationErrorOf(baseEnv({ NODE_ENV: 'development', DATABASE_URL: undefined }));
      expect(settingsNamed(error)).toEqual(['DATABASE_URL']);
      expect(error.message).toContain('DATABASE_URL is missing');
    });

    it.each(['postgres://u:p@db.internal:5432/haven', 'postgresql://u@db/haven?sslmode=require'])(
      'accepts the PostgreSQL URL %p',
      (url) => {
        expect(loadEnv(baseEnv({ DATABASE_URL: url })).DATABASE_URL).toBe(url);
      },
    );
  });

  describe('REDIS_URL', () => {
    it.each(['http://localhost:6379', 'redis://host:6379/db', 'localhost:6379'])(
      'refuses the malformed REDIS_URL %p and names the setting',
      (url) => {
        const error = configurationErrorOf(baseEnv({ REDIS_URL: url }));
        expect(settingsNamed(error)).toEqual(['REDIS_URL']);
      },
    );

    it('refuses a missing REDIS_URL even in test', () => {
      expect(settingsNamed(configurationErrorOf(baseEnv({ REDIS_URL: undefined })))).toEqual(['REDIS_URL']);
    });

    it.each(['redis://localhost:6379', 'rediss://:pw@cache.internal:6380/2'])(
      'accepts the Redis URL %p',
      (url) => {
        expect(loadEnv(baseEnv({ REDIS_URL: url })).REDIS_URL).toBe(url);
      },
    );
  });

  describe('never echoes a value', () => {
    const SECRET = 's3cr3t-marker';

    it.each([
      ['DATABASE_URL', `mysql://admin:${SECRET}@db.example:3306/haven`],
      ['DATABASE_URL', `postgres://admin:${SECRET}@db.example:5432/haven with a space`],
      ['REDIS_URL', `http://:${SECRET}@cache.example:6379`],
      ['LOG_LEVEL', SECRET],
      ['PORT', SECRET],
    ])('keeps a bad %s value out of the error', (setting, value) => {
      const error = configurationErrorOf(baseEnv({ [setting]: value }));
      expect(settingsNamed(error)).toEqual([setting]);
      expect(error.message).not.toContain(SECRET);
      expect(String(error.stack)).not.toContain(SECRET);
      expect(JSON.stringify(error.problems)).not.toContain(SECRET);
    });
  });

  describe('defaults in development and test', () => {
    it.each(['test', 'development'])(
      'fills every optional setting with its default when NODE_ENV=%s',
      (nodeEnv) => {
        const env = loadEnv(baseEnv({ NODE_ENV: nodeEnv }));
        expect(env).toMatchObject({
          PORT: 3000,
          HOST: '127.0.0.1',
          WORKER_HEALTH_PORT: 3001,
          LOG_LEVEL: 'info',
          REDIS_KEY_PREFIX: 'haven',
          DATABASE_POOL_SIZE: 20,
          OUTBOX_POLL_INTERVAL_MS: 500,
          OUTBOX_BATCH_SIZE: 100,
          OUTBOX_MAX_BACKOFF_MS: 30_000,
          JOB_ATTEMPTS: 20,
          JOB_BACKOFF_MS: 2_000,
          JOB_MAX_BACKOFF_MS: 300_000,
          WORKER_CONCURRENCY: 5,
        });
        expect(env.HAVEN_CONFIG_DIR).toBeUndefined();
      },
    );

    it('treats an empty optional setting as absent and uses its default', () => {
      expect(loadEnv(baseEnv({ PORT: '', LOG_LEVEL: '' }))).toMatchObject({ PORT: 3000, LOG_LEVEL: 'info' });
    });

    it('ignores variables that are not settings', () => {
      const env = loadEnv(baseEnv({ PATH: '/usr/bin', HOME: '/root' }));
      expect(Object.keys(env)).not.toContain('PATH');
      expect(Object.keys(env)).not.toContain('HOME');
    });

    it('returns a frozen environment', () => {
      expect(Object.isFrozen(loadEnv(baseEnv()))).toBe(true);
    });
  });

  describe('production', () => {
    it('refuses to default PORT, LOG_LEVEL and REDIS_KEY_PREFIX and names each', () => {
      const error = configurationErrorOf(
        productionEnv({ PORT: undefined, LOG_LEVEL: undefined, REDIS_KEY_PREFIX: undefined }),
      );
      expect(settingsNamed(error).sort()).toEqual(['LOG_LEVEL', 'PORT', 'REDIS_KEY_PREFIX']);
      for (const setting of ['PORT', 'LOG_LEVEL', 'REDIS_KEY_PREFIX']) {
        expect(error.message).toContain(`${setting} must be set explicitly in production`);
      }
    });

    it.each(['PORT', 'LOG_LEVEL', 'REDIS_KEY_PREFIX'])(
      'names %s alone when only it is missing',
      (setting) => {
        expect(settingsNamed(configurationErrorOf(productionEnv({ [setting]: undefined })))).toEqual([
          setting,
        ]);
      },
    );

    it('refuses an empty PORT in production as if it were missing', () => {
      expect(settingsNamed(configurationErrorOf(productionEnv({ PORT: '' })))).toEqual(['PORT']);
    });

    it('starts in production when the required settings are given', () => {
      expect(loadEnv(productionEnv())).toMatchObject({
        NODE_ENV: 'production',
        PORT: 8080,
        LOG_LEVEL: 'warn',
        REDIS_KEY_PREFIX: 'haven-prod',
      });
    });

    it('still defaults the other settings in production', () => {
      expect(loadEnv(productionEnv())).toMatchObject({ DATABASE_POOL_SIZE: 20, JOB_ATTEMPTS: 20 });
    });
  });

  describe('numbers', () => {
    it('converts numbers given as strings', () => {
      const env = loadEnv(
        baseEnv({
          PORT: '8080',
          WORKER_HEALTH_PORT: '9091',
          DATABASE_POOL_SIZE: '50',
          OUTBOX_POLL_INTERVAL_MS: '250',
          OUTBOX_BATCH_SIZE: ' 7 ',
          JOB_ATTEMPTS: '3',
          WORKER_CONCURRENCY: '12',
        }),
      );
      expect(env).toMatchObject({
        PORT: 8080,
        WORKER_HEALTH_PORT: 9091,
        DATABASE_POOL_SIZE: 50,
        OUTBOX_POLL_INTERVAL_MS: 250,
        OUTBOX_BATCH_SIZE: 7,
        JOB_ATTEMPTS: 3,
        WORKER_CONCURRENCY: 12,
      });
      expect(typeof env.PORT).toBe('number');
    });

    it.each(['0', '-1', '65536', '70000'])('refuses the out-of-range PORT %p', (port) => {
      const error = configurationErrorOf(baseEnv({ PORT: port }));
      expect(settingsNamed(error)).toEqual(['PORT']);
      expect(error.message).toContain('PORT must be between 1 and 65535');
    });

    it.each(['1', '65535'])('accepts the boundary PORT %p', (port) => {
      expect(loadEnv(baseEnv({ PORT: port })).PORT).toBe(Number(port));
    });

    it.each(['eighty', '80.5', '8080abc'])('refuses the non-integer PORT %p', (port) => {
      const error = configurationErrorOf(baseEnv({ PORT: port }));
      expect(settingsNamed(error)).toEqual(['PORT']);
      expect(error.message).toContain('- PORT: PORT must');
    });

    it('refuses a DATABASE_POOL_SIZE above its maximum', () => {
      expect(settingsNamed(configurationErrorOf(baseEnv({ DATABASE_POOL_SIZE: '201' })))).toEqual([
        'DATABASE_POOL_SIZE',
      ]);
    });
  });

  describe('other settings', () => {
    it('refuses an unknown LOG_LEVEL', () => {
      expect(settingsNamed(configurationErrorOf(baseEnv({ LOG_LEVEL: 'verbose' })))).toEqual(['LOG_LEVEL']);
    });

    it('refuses a REDIS_KEY_PREFIX with characters outside letters, digits, - and _', () => {
      expect(settingsNamed(configurationErrorOf(baseEnv({ REDIS_KEY_PREFIX: 'haven:prod' })))).toEqual([
        'REDIS_KEY_PREFIX',
      ]);
    });

    it('reports every problem at once', () => {
      const error = configurationErrorOf({ DATABASE_URL: 'mysql://x', PORT: '0' });
      expect(settingsNamed(error).sort()).toEqual(['DATABASE_URL', 'NODE_ENV', 'PORT', 'REDIS_URL']);
    });
  });
});
