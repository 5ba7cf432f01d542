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
  HOST: string = '0.0.0.0';

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
  JOB_ATTEMPTS: number = 8;

  @Transform(toInt)
  @IsInt({ message: 'JOB_BACKOFF_MS must be a whole number' })
  @Min(10, { message: 'JOB_BACKOFF_MS must be between 10 and 600000' })
  @Max(600_000, { message: 'JOB_BACKOFF_MS must be between 10 and 600000' })
  JOB_BACKOFF_MS: number = 2_000;

  @Transform(toInt)
  @IsInt({ message: 'WORKER_CONCURRENCY must be a whole number' })
  @Min(1, { message: 'WORKER_CONCURRENCY must be between 1 and 100' })
  @Max(100, { message: 'WORKER_CONCURRENCY must be between 1 and 100' })
  WORKER_CONCURRENCY: number = 5;

  @IsOptional()
  @IsString()
  HAVEN_CONFIG_DIR?: string;
}

export type Env = Readonly<EnvironmentVariables>;

/** Settings that have no default in production: they must be given. */
const PRODUCTION_REQUIRED: ReadonlyArray<keyof EnvironmentVariables> = [
  'PORT',
  'LOG_LEVEL',
  'REDIS_KEY_PREFIX',
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
  const known = Object.keys(new EnvironmentVariables()).concat(['NODE_ENV', 'DATABASE_URL', 'REDIS_URL']);
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
  if (problems.length > 0) throw new ConfigurationError(problems);
  return Object.freeze(instance);
}
