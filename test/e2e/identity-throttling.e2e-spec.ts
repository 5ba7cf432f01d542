import IORedis from 'ioredis';
import { startApi, testEnv, RunningApi } from '../support/app';
import { call, createUser } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { OwnRedis } from '../support/redis-server';
import { TEST_REDIS_URL } from '../support/services';

const login = (api: RunningApi, username: string, password: string, from?: string) =>
  call<{ code?: string }>(api, 'POST', '/api/v1/auth/login', {
    body: { username, password },
    headers: from ? { 'x-forwarded-for': from } : {},
  });

describe('sign-in rate limits on Redis', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  describe('two API instances sharing one Redis', () => {
    let a: RunningApi;
    let b: RunningApi;

    beforeAll(async () => {
      // The same environment, so the same REDIS_KEY_PREFIX: what two processes of one deployment share.
      const env = testEnv(db.url, {
        TRUST_PROXY: '127.0.0.1',
        AUTH_LOGIN_LIMIT_PER_IP: '6',
        AUTH_LOGIN_LIMIT_PER_USER: '1000',
      });
      a = await startApi(env);
      b = await startApi(env);
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
    });

    it('counts the attempts of one address on both instances together: the seventh answers 429', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push(
          (await login(i % 2 === 0 ? a : b, `nobody.${i}`, 'wrong password here', '198.51.100.7')).status,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
      const seventh = await login(b, 'nobody.7', 'wrong password here', '198.51.100.7');
      expect(seventh.status).toBe(429);
      expect(seventh.body.code).toBe('TOO_MANY_REQUESTS');
      expect((await login(a, 'nobody.8', 'wrong password here', '198.51.100.7')).status).toBe(429);
      // Another address is not held back.
      expect((await login(a, 'nobody.9', 'wrong password here', '198.51.100.8')).status).toBe(401);
    });
  });

  describe('without trusted proxies (the default)', () => {
    let api: RunningApi;

    beforeAll(async () => {
      api = await startApi(
        testEnv(db.url, { AUTH_LOGIN_LIMIT_PER_IP: '6', AUTH_LOGIN_LIMIT_PER_USER: '1000' }),
      );
    });
    afterAll(async () => {
      await api?.close();
    });

    it('ignores X-Forwarded-For, so a client cannot escape the limit by inventing addresses', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        statuses.push((await login(api, `spoof.${i}`, 'wrong password here', `203.0.113.${i}`)).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    });
  });

  describe('the per-username limit', () => {
    let api: RunningApi;

    beforeAll(async () => {
      api = await startApi(
        testEnv(db.url, {
          TRUST_PROXY: '127.0.0.1',
          AUTH_LOGIN_LIMIT_PER_IP: '1000',
          AUTH_LOGIN_LIMIT_PER_USER: '6',
        }),
      );
    });
    afterAll(async () => {
      await api?.close();
    });

    it('holds one username back whatever the address, in any case; other usernames go on', async () => {
      const user = await createUser(db, { roles: ['counsellor'] });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const name = i % 2 === 0 ? user.username : user.username.toUpperCase();
        statuses.push((await login(api, name, 'wrong password here', `203.0.113.${i + 1}`)).status);
      }
      // The fifth failure locked the account: the lockout speaks before the rate limit does.
      expect(statuses).toEqual([401, 401, 401, 401, 401, 423]);
      expect((await login(api, user.username, user.password, '203.0.113.50')).status).toBe(429);
      expect((await login(api, 'someone.else', 'wrong password here', '203.0.113.50')).status).toBe(401);
    });

    it('keys its counters by hashes under REDIS_KEY_PREFIX, never by the name or the address', async () => {
      const user = await createUser(db, { roles: ['counsellor'] });
      await login(api, user.username, 'wrong password here', '203.0.113.77');
      const redis = new IORedis(TEST_REDIS_URL);
      try {
        const keys = await redis.keys(`${api.env.REDIS_KEY_PREFIX}:throttle:*`);
        expect(keys.length).toBeGreaterThan(0);
        for (const k of keys) {
          expect(k).not.toContain(user.username);
          expect(k).not.toContain('203.0.113.77');
          expect(await redis.pttl(k)).toBeGreaterThan(0);
        }
      } finally {
        redis.disconnect();
      }
    });
  });

  describe('with Redis down', () => {
    let own: OwnRedis;
    let api: RunningApi;

    beforeAll(async () => {
      own = await OwnRedis.start();
      api = await startApi(
        testEnv(db.url, {
          TRUST_PROXY: '127.0.0.1',
          REDIS_URL: own.url,
          AUTH_LOGIN_LIMIT_PER_IP: '6',
          AUTH_LOGIN_LIMIT_PER_USER: '6',
        }),
      );
    });
    afterAll(async () => {
      await api?.close();
      await own?.stop();
    });

    it('fails open and logs it once, while the lockout in PostgreSQL still holds', async () => {
      const user = await createUser(db, { roles: ['counsellor'] });
      await own.stop();
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++)
        statuses.push((await login(api, user.username, 'wrong password here')).status);
      // Over both limits, yet no 429: the limiter is open; the account locks after five failures.
      expect(statuses).toEqual([401, 401, 401, 401, 401, 423, 423, 423]);
      expect((await login(api, user.username, user.password)).status).toBe(423);
      const logs = api.logs();
      expect(logs.match(/sign-in rate limits are not enforced/g)).toHaveLength(1);
      expect(logs).not.toContain(user.username);
      expect(logs).not.toContain(user.password);
    });

    it('holds the limits again once Redis is back', async () => {
      await own.start();
      // ioredis reconnects by itself within a few seconds.
      const deadline = Date.now() + 20_000;
      let status = 0;
      while (Date.now() < deadline) {
        status = (await login(api, 'again.someone', 'wrong password here', '192.0.2.9')).status;
        if (status === 429) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe(429);
      expect(api.logs()).toContain('sign-in rate limits hold again');
    });
  });
});
