/**
 * The settings of a Haven on one machine (`npm run start:local`, README "Without Docker"): PostgreSQL and
 * Redis on localhost, development mode. `start:local` and the command line take them when the
 * environment leaves them out, so a command run after `start:local` reaches the same database.
 */
export const LOCAL_DEFAULTS = {
  NODE_ENV: 'development',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/haven',
  REDIS_URL: 'redis://127.0.0.1:6379',
} as const;

/**
 * The environment with the local defaults filled in where it says nothing, but only for development
 * (NODE_ENV unset or "development"): production and test name every setting themselves.
 * Returns the names of the settings it filled in, so the caller can say so.
 */
export function withLocalDefaults(raw: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; filled: string[] } {
  const nodeEnv = raw.NODE_ENV || LOCAL_DEFAULTS.NODE_ENV;
  if (nodeEnv !== 'development') return { env: raw, filled: [] };
  const env: NodeJS.ProcessEnv = { ...raw };
  const filled: string[] = [];
  for (const [key, value] of Object.entries(LOCAL_DEFAULTS)) {
    if (!raw[key]) {
      env[key] = value;
      filled.push(key);
    }
  }
  return { env, filled };
}
