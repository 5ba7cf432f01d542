/** The connection settings Haven uses, accepted by both ioredis and BullMQ. */
export interface RedisConnectionSettings {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: Record<string, never>;
  retryStrategy: (times: number) => number;
}

/** Connection settings from REDIS_URL (redis://[user:password@]host:port[/db], rediss:// for TLS). */
export function redisOptionsFromUrl(url: string): RedisConnectionSettings {
  const u = new URL(url);
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // Reconnect for ever, but no faster than every 2 s: an outage delays work, it does not stop it.
    retryStrategy: (times: number) => Math.min(times * 200, 2_000),
  };
}
