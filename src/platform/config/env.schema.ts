import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

export const NODE_ENVS = ['production', 'development', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/**
 * The one environment schema. Every setting is named here; `describeSetting` says what it is for.
 * In development and test every setting but DATABASE_URL and REDIS_URL has a default; in production
 * the settings listed in PRODUCTION_REQUIRED must be given explicitly.
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVS, {
    message: 'NODE_ENV must be set explicitly to production, development or test',
  })
  NODE_ENV!: NodeEnv;

  @Matches(/^postgres(ql)?:\/\/[^\s/]+(:\d+)?\/[^\s/?]+(\?\S*)?$/, {
    message: 'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/haven',
  })
  DATABASE_URL!: string;

  @Matches(/^rediss?:\/\/[^\s/]*(:\d+)?(\/\d{1,2})?$/, {
    message: 'REDIS_URL must be a Redis URL such as redis://host:6379 or redis://:password@host:6379/0',
  })
  REDIS_URL!: string;

  @Transform(toInt)
  @IsInt({ message: 'PORT must be a whole number' })
  @Min(1, { message: 'PORT must be between 1 and 65535' })
  @Max(65535, { message: 'PORT must be between 1 and 65535' })
  PORT: number = 3000;

  @IsString()
  @Matches(/^[0-9a-fA-F:.]+$|^localhost$/, { message: 'HOST must be an IP address or localhost' })
  /** Loopback unless told otherwise: a container sets 0.0.0.0 (Dockerfile), a bare machine stays private. */
  HOST: string = '127.0.0.1';

  @Transform(toInt)
  @IsInt({ message: 'WORKER_HEALTH_PORT must be a whole number' })
  @Min(1, { message: 'WORKER_HEALTH_PORT must be between 1 and 65535' })
  @Max(65535, { message: 'WORKER_HEALTH_PORT must be between 1 and 65535' })
  WORKER_HEALTH_PORT: number = 3001;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL: string = 'info';

  @Matches(/^[a-zA-Z0-9_-]{1,64}$/, {
    message: 'REDIS_KEY_PREFIX must be 1-64 letters, digits, "-" or "_"',
  })
  REDIS_KEY_PREFIX: string = 'haven';

  @Transform(toInt)
  @IsInt({ message: 'DATABASE_POOL_SIZE must be a whole number' })
  @Min(1, { message: 'DATABASE_POOL_SIZE must be between 1 and 200' })
  @Max(200, { message: 'DATABASE_POOL_SIZE must be between 1 and 200' })
  DATABASE_POOL_SIZE: number = 20;

  /** Document uploads and downloads one API process carries at once (each holds its file in memory). */
  @Transform(toInt)
  @IsInt({ message: 'DOCUMENT_TRANSFERS_MAX must be a whole number' })
  @Min(1, { message: 'DOCUMENT_TRANSFERS_MAX must be between 1 and 64' })
  @Max(64, { message: 'DOCUMENT_TRANSFERS_MAX must be between 1 and 64' })
  DOCUMENT_TRANSFERS_MAX: number = 4;

  /** Duplicate checks (POST /cases/duplicate-check) one user may make a minute. */
  @Transform(toInt)
  @IsInt({ message: 'CASE_DUPLICATE_CHECKS_PER_MINUTE must be a whole number' })
  @Min(1, { message: 'CASE_DUPLICATE_CHECKS_PER_MINUTE must be between 1 and 1000' })
  @Max(1000, { message: 'CASE_DUPLICATE_CHECKS_PER_MINUTE must be between 1 and 1000' })
  CASE_DUPLICATE_CHECKS_PER_MINUTE: number = 60;

  @Transform(toInt)
  @IsInt({ message: 'OUTBOX_POLL_INTERVAL_MS must be a whole number' })
  @Min(10, { message: 'OUTBOX_POLL_INTERVAL_MS must be between 10 and 60000' })
  @Max(60000, { message: 'OUTBOX_POLL_INTERVAL_MS must be between 10 and 60000' })
  OUTBOX_POLL_INTERVAL_MS: number = 500;

  @Transform(toInt)
  @IsInt({ message: 'OUTBOX_BATCH_SIZE must be a whole number' })
  @Min(1, { message: 'OUTBOX_BATCH_SIZE must be between 1 and 1000' })
  @Max(1000, { message: 'OUTBOX_BATCH_SIZE must be between 1 and 1000' })
  OUTBOX_BATCH_SIZE: number = 100;

  @Transform(toInt)
  @IsInt({ message: 'OUTBOX_MAX_BACKOFF_MS must be a whole number' })
  @Min(100, { message: 'OUTBOX_MAX_BACKOFF_MS must be between 100 and 3600000' })
  @Max(3_600_000, { message: 'OUTBOX_MAX_BACKOFF_MS must be between 100 and 3600000' })
  OUTBOX_MAX_BACKOFF_MS: number = 30_000;

  @Transform(toInt)
  @IsInt({ message: 'OUTBOX_REDELIVER_AFTER_MS must be a whole number' })
  @Min(500, { message: 'OUTBOX_REDELIVER_AFTER_MS must be between 500 and 86400000' })
  @Max(86_400_000, { message: 'OUTBOX_REDELIVER_AFTER_MS must be between 500 and 86400000' })
  OUTBOX_REDELIVER_AFTER_MS: number = 300_000;

  @Transform(toInt)
  @IsInt({ message: 'JOB_ATTEMPTS must be a whole number' })
  @Min(1, { message: 'JOB_ATTEMPTS must be between 1 and 50' })
  @Max(50, { message: 'JOB_ATTEMPTS must be between 1 and 50' })
  JOB_ATTEMPTS: number = 20;

  @Transform(toInt)
  @IsInt({ message: 'JOB_BACKOFF_MS must be a whole number' })
  @Min(10, { message: 'JOB_BACKOFF_MS must be between 10 and 600000' })
  @Max(600_000, { message: 'JOB_BACKOFF_MS must be between 10 and 600000' })
  JOB_BACKOFF_MS: number = 2_000;

  /** The backoff doubles up to this, so the default attempts outlast an hour's outage (OPERATIONS.md). */
  @Transform(toInt)
  @IsInt({ message: 'JOB_MAX_BACKOFF_MS must be a whole number' })
  @Min(10, { message: 'JOB_MAX_BACKOFF_MS must be between 10 and 3600000' })
  @Max(3_600_000, { message: 'JOB_MAX_BACKOFF_MS must be between 10 and 3600000' })
  JOB_MAX_BACKOFF_MS: number = 300_000;

  @Transform(toInt)
  @IsInt({ message: 'WORKER_CONCURRENCY must be a whole number' })
  @Min(1, { message: 'WORKER_CONCURRENCY must be between 1 and 100' })
  @Max(100, { message: 'WORKER_CONCURRENCY must be between 1 and 100' })
  WORKER_CONCURRENCY: number = 5;

  /** Closed cases are anonymised this many days after closing (docs/DESIGN.md §7; the retention job). */
  @Transform(toInt)
  @IsInt({ message: 'RETENTION_CLOSED_DAYS must be a whole number' })
  @Min(30, { message: 'RETENTION_CLOSED_DAYS must be between 30 and 36500' })
  @Max(36_500, { message: 'RETENTION_CLOSED_DAYS must be between 30 and 36500' })
  RETENTION_CLOSED_DAYS: number = 1825;

  @IsOptional()
  @IsString()
  HAVEN_CONFIG_DIR?: string;

  /**
   * Which proxies may set X-Forwarded-For (the client address used by rate limits and logs): "false"
   * (none, the default), a number of hops, or a comma-separated list of addresses/CIDRs such as
   * "10.0.0.0/8,127.0.0.1". Never "true" in production: any client could then choose its own address.
   */
  @IsOptional()
  @Matches(/^(false|true|\d{1,2}|[0-9a-fA-F:./]+(,[0-9a-fA-F:./]+)*)$/, {
    message:
      'TRUST_PROXY must be false, true, a number of hops, or a comma-separated list of addresses/CIDRs',
  })
  TRUST_PROXY?: string;

  /**
   * Who may read /metrics (API and worker ports) without the scrape token: "loopback" (the default) or a
   * comma-separated list of addresses/CIDRs, which may include "loopback". The socket's address counts,
   * never X-Forwarded-For.
   */
  @IsOptional()
  @Matches(/^(loopback|[0-9a-fA-F:.]+(\/\d{1,3})?)(,(loopback|[0-9a-fA-F:.]+(\/\d{1,3})?))*$/, {
    message: 'METRICS_ALLOWED_ADDRESSES must be "loopback" or a comma-separated list of addresses/CIDRs',
  })
  METRICS_ALLOWED_ADDRESSES?: string;

  /** The API documentation (/api/docs, /api/docs-json): on outside production, off in production unless "true". */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'API_DOCS_ENABLED must be true or false' })
  API_DOCS_ENABLED?: 'true' | 'false';

  /** The built web application served at `/` (default: dist/web of the checkout); none there, none served. */
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;

  // ---- secrets: never logged, never echoed; required in production ----

  /** A scraper sending "Authorization: Bearer <token>" may read /metrics from any address. */
  @IsOptional()
  @Matches(/^\S{32,}$/, { message: 'METRICS_TOKEN must be at least 32 characters without spaces' })
  METRICS_TOKEN?: string;

  /** Field-encryption key ring: "kid:base64(32 bytes)" separated by commas; the first encrypts. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/_-]{43}=?(,[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/_-]{43}=?)*$/, {
    message:
      'HAVEN_DATA_KEYS must be "kid:base64key[,kid:base64key…]" with 32-byte keys (the first encrypts)',
  })
  HAVEN_DATA_KEYS?: string;

  /** Blind-index key: "kid:base64(32 bytes)". */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/_-]{43}=?$/, {
    message: 'HAVEN_INDEX_KEY must be "kid:base64key" with a 32-byte key',
  })
  HAVEN_INDEX_KEY?: string;

  /** Signs access tokens (HS256): at least 32 characters. */
  @IsOptional()
  @Matches(/^\S{32,}$/, { message: 'JWT_SECRET must be at least 32 characters without spaces' })
  JWT_SECRET?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  // ---- sign-in and sessions ----

  @Transform(toInt)
  @IsInt({ message: 'ACCESS_TOKEN_TTL_SECONDS must be a whole number' })
  @Min(60, { message: 'ACCESS_TOKEN_TTL_SECONDS must be between 60 and 3600' })
  @Max(3600, { message: 'ACCESS_TOKEN_TTL_SECONDS must be between 60 and 3600' })
  ACCESS_TOKEN_TTL_SECONDS: number = 900;

  @Transform(toInt)
  @IsInt({ message: 'REFRESH_TOKEN_TTL_HOURS must be a whole number' })
  @Min(1, { message: 'REFRESH_TOKEN_TTL_HOURS must be between 1 and 720' })
  @Max(720, { message: 'REFRESH_TOKEN_TTL_HOURS must be between 1 and 720' })
  REFRESH_TOKEN_TTL_HOURS: number = 12;

  @Transform(toInt)
  @IsInt({ message: 'SESSION_MAX_HOURS must be a whole number' })
  @Min(1, { message: 'SESSION_MAX_HOURS must be between 1 and 720' })
  @Max(720, { message: 'SESSION_MAX_HOURS must be between 1 and 720' })
  SESSION_MAX_HOURS: number = 24;

  @Transform(toInt)
  @IsInt({ message: 'AUTH_LOGIN_LIMIT_PER_IP must be a whole number' })
  @Min(1, { message: 'AUTH_LOGIN_LIMIT_PER_IP must be between 1 and 10000' })
  @Max(10_000, { message: 'AUTH_LOGIN_LIMIT_PER_IP must be between 1 and 10000' })
  AUTH_LOGIN_LIMIT_PER_IP: number = 30;

  @Transform(toInt)
  @IsInt({ message: 'AUTH_LOGIN_LIMIT_PER_USER must be a whole number' })
  @Min(6, {
    message: 'AUTH_LOGIN_LIMIT_PER_USER must be between 6 and 1000 (above the lockout threshold of 5)',
  })
  @Max(1000, {
    message: 'AUTH_LOGIN_LIMIT_PER_USER must be between 6 and 1000 (above the lockout threshold of 5)',
  })
  AUTH_LOGIN_LIMIT_PER_USER: number = 10;

  @Transform(toInt)
  @IsInt({ message: 'AUTH_LOCKOUT_MINUTES must be a whole number' })
  @Min(1, { message: 'AUTH_LOCKOUT_MINUTES must be between 1 and 1440' })
  @Max(1440, { message: 'AUTH_LOCKOUT_MINUTES must be between 1 and 1440' })
  AUTH_LOCKOUT_MINUTES: number = 15;

  /**
   * A spent refresh token presented again by the same client within this many seconds (a double submit)
   * gets a fresh pair instead of ending the session; 0 turns the grace off.
   */
  @Transform(toInt)
  @IsInt({ message: 'REFRESH_GRACE_SECONDS must be a whole number' })
  @Min(0, { message: 'REFRESH_GRACE_SECONDS must be between 0 and 60' })
  @Max(60, { message: 'REFRESH_GRACE_SECONDS must be between 0 and 60' })
  REFRESH_GRACE_SECONDS: number = 20;

  /** TOTP for roles that read personal data and for admins; defaults to true in production. */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'AUTH_MFA_REQUIRED must be true or false' })
  AUTH_MFA_REQUIRED?: 'true' | 'false';

  // ---- notifications ----

  /** The outside channel for staff notifications; must be chosen explicitly in production. */
  @IsOptional()
  @IsIn(['smtp', 'log', 'none'], { message: 'NOTIFY_EXTERNAL must be smtp, log or none' })
  NOTIFY_EXTERNAL?: 'smtp' | 'log' | 'none';

  @IsOptional()
  @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'SMTP_FROM must be an e-mail address' })
  SMTP_FROM?: string;
}

/** Settings whose values are secrets: never printed, never logged. */
export const SECRET_SETTINGS = [
  'DATABASE_URL',
  'REDIS_URL',
  'HAVEN_DATA_KEYS',
  'HAVEN_INDEX_KEY',
  'JWT_SECRET',
  'SMTP_URL',
  'METRICS_TOKEN',
] as const;

/** Settings without a default value (so not found by Object.keys of a fresh instance). */
const OPTIONAL_SETTINGS = [
  'HAVEN_CONFIG_DIR',
  'TRUST_PROXY',
  'HAVEN_DATA_KEYS',
  'HAVEN_INDEX_KEY',
  'JWT_SECRET',
  'SMTP_URL',
  'SMTP_FROM',
  'AUTH_MFA_REQUIRED',
  'NOTIFY_EXTERNAL',
  'METRICS_ALLOWED_ADDRESSES',
  'METRICS_TOKEN',
  'API_DOCS_ENABLED',
  'WEB_DIST_DIR',
] as const;

export type Env = Readonly<EnvironmentVariables>;

/** Settings that have no default in production: they must be given. */
const PRODUCTION_REQUIRED: ReadonlyArray<keyof EnvironmentVariables> = [
  'PORT',
  'LOG_LEVEL',
  'REDIS_KEY_PREFIX',
  'HAVEN_DATA_KEYS',
  'HAVEN_INDEX_KEY',
  'JWT_SECRET',
  'NOTIFY_EXTERNAL',
];

export class ConfigurationError extends Error {
  constructor(readonly problems: { setting: string; message: string }[]) {
    super(
      'Haven cannot start: the configuration is invalid.\n' +
        problems.map((p) => `  - ${p.setting}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigurationError';
  }
}

/**
 * Validates the raw environment. Never echoes a value back (a URL may hold a password): only the name
 * of the setting and what is wrong with it.
 */
export function loadEnv(raw: NodeJS.ProcessEnv | Record<string, string | undefined>): Env {
  const known = Object.keys(new EnvironmentVariables()).concat(
    ['NODE_ENV', 'DATABASE_URL', 'REDIS_URL'],
    OPTIONAL_SETTINGS,
  );
  const picked: Record<string, string> = {};
  for (const key of new Set(known)) {
    const v = raw[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const problems: { setting: string; message: string }[] = [];
  if (picked.NODE_ENV === 'production') {
    for (const key of PRODUCTION_REQUIRED) {
      if (picked[key] === undefined) {
        problems.push({ setting: key, message: `${key} must be set explicitly in production` });
      }
    }
  }
  const instance = plainToInstance(EnvironmentVariables, picked);
  const errors = validateSync(instance, { skipMissingProperties: false, forbidUnknownValues: true });
  for (const e of errors) {
    const message = Object.values(e.constraints ?? {}).join('; ') || 'is invalid';
    problems.push({
      setting: e.property,
      message: picked[e.property] === undefined ? `${e.property} is missing. ${message}` : message,
    });
  }
  if (picked.NODE_ENV === 'production' && picked.TRUST_PROXY === 'true') {
    problems.push({
      setting: 'TRUST_PROXY',
      message: 'TRUST_PROXY=true lets any client choose its address: list the proxies instead',
    });
  }
  if (picked.NOTIFY_EXTERNAL === 'smtp') {
    for (const key of ['SMTP_URL', 'SMTP_FROM']) {
      if (picked[key] === undefined)
        problems.push({ setting: key, message: `${key} is required when NOTIFY_EXTERNAL=smtp` });
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return Object.freeze(instance);
}

/** Whether the second factor is required: explicit setting, else on in production only. */
export function mfaRequired(env: Env): boolean {
  return env.AUTH_MFA_REQUIRED === undefined
    ? env.NODE_ENV === 'production'
    : env.AUTH_MFA_REQUIRED === 'true';
}

/** The outside channel for notifications: explicit setting, else a log line in development and tests. */
export function externalChannel(env: Env): 'smtp' | 'log' | 'none' {
  return env.NOTIFY_EXTERNAL ?? (env.NODE_ENV === 'production' ? 'none' : 'log');
}

/** Fastify's trustProxy from TRUST_PROXY: false, true, a hop count, or a list of addresses/CIDRs. */
export function trustProxy(env: Env): boolean | number | string[] {
  const v = env.TRUST_PROXY ?? 'false';
  if (v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((s) => s.trim());
}

/** Whether /api/docs and /api/docs-json are served: always outside production, on request in it. */
export function apiDocsEnabled(env: Pick<Env, 'NODE_ENV' | 'API_DOCS_ENABLED'>): boolean {
  return env.API_DOCS_ENABLED ? env.API_DOCS_ENABLED === 'true' : env.NODE_ENV !== 'production';
}
