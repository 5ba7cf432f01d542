import type { Logger } from 'pino';

/** Seconds a client waits before retrying (the web application retries with the same Idempotency-Key). */
export const RETRY_AFTER_SECONDS = 5;

// PostgreSQL's classes 08 (connection), 57P01-03 (shut down, cannot connect now), 53300 (too many
// connections), and the socket errors of a server gone.
const UNAVAILABLE_CODES = new Set([
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
]);
// node-postgres' own errors carry no code: read only to classify, never logged.
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error/,
  /^Connection ended unexpectedly/,
];

/** Whether an error says the database cannot be reached (not that a query was wrong). */
export function isDatabaseUnavailable(e: unknown): boolean {
  // Not `instanceof Error`: socket errors come from Node's own realm (under Jest, another one).
  if (typeof e !== 'object' || e === null) return false;
  const withCode = e as {
    message?: unknown;
    code?: unknown;
    driverError?: { code?: unknown; message?: unknown };
  };
  const codes = [withCode.code, withCode.driverError?.code];
  if (codes.some((c) => typeof c === 'string' && UNAVAILABLE_CODES.has(c))) return true;
  const messages = [withCode.message, withCode.driverError?.message].filter((m) => typeof m === 'string');
  return messages.some((m) => UNAVAILABLE_MESSAGES.some((r) => r.test(m)));
}

/**
 * One log line per outage and one per recovery, whatever the number of requests refused in between:
 * the first refusal logs and starts a probe every second; the first probe that succeeds logs the recovery.
 */
export class DatabaseOutageWatch {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly probe: () => Promise<unknown>,
    private readonly intervalMs = 1_000,
  ) {}

  get down(): boolean {
    return this.timer !== undefined;
  }

  report(e: unknown): void {
    if (this.timer) return;
    this.logger.warn({ err: e }, 'database unavailable');
    this.timer = setInterval(() => {
      this.probe().then(
        () => {
          if (!this.timer) return;
          this.stop();
          this.logger.info('database available again');
        },
        () => undefined,
      );
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
