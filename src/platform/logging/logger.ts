import pino, { Logger } from 'pino';
import { redactDeep } from './redaction';

export interface LoggerOptions {
  level: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was written. */
  destination?: pino.DestinationStream;
  base?: Record<string, unknown>;
}

/**
 * Structured JSON logs through pino. Every object logged passes through redactDeep, so a personal field
 * never reaches a line whatever a caller hands in; headers that carry credentials are censored by path too.
 */
export function createLogger(opts: LoggerOptions): Logger {
  const root = pino(
    {
      level: opts.level,
      base: { app: 'haven', ...(opts.base ?? {}) },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          'headers.authorization',
          'headers.cookie',
        ],
        censor: '[redacted]',
      },
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => redactDeep(bindings) as Record<string, unknown>,
        log: (obj) => {
          // Errors are logged by class, code and stack frames: their message may quote a value.
          const { err, ...rest } = obj;
          const out = redactDeep(rest) as Record<string, unknown>;
          if (err !== undefined) out.err = describeError(err);
          return out;
        },
      },
      hooks: {
        // pino copies an error's message into msg when no message is given: give the class instead.
        logMethod(args, method) {
          const [first, second] = args as unknown[];
          const err = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
          if (err instanceof Error && second === undefined) {
            method.apply(this, [first instanceof Error ? { err: first } : (first as object), err.name]);
            return;
          }
          method.apply(this, args);
        },
      },
    },
    opts.destination ?? pino.destination({ sync: false }),
  );
  // pino does not format a child's bindings; every child (made from root by Object.create) uses this.
  type ChildFn = (this: Logger, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) => Logger;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with each logger's own this
  const child = root.child as unknown as ChildFn;
  const redactingChild: ChildFn = function (this: Logger, bindings, options) {
    return child.call(this, redactDeep(bindings) as pino.Bindings, options);
  };
  root.child = redactingChild as unknown as Logger['child'];
  return root;
}

/** What may be logged of an error: its class, a code, the constraint or table, and the stack frames. */
export function describeError(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { type: typeof e };
  const anyErr = e as Error & {
    code?: unknown;
    constraint?: unknown;
    table?: unknown;
    driverError?: unknown;
  };
  const driver = (anyErr.driverError ?? {}) as { code?: unknown; constraint?: unknown; table?: unknown };
  // Frames only, and only those that look like one ("at fn (file:line:col)"): never the message.
  const frames = (e.stack ?? '')
    .split('\n')
    .slice(1)
    .filter((l) => /^\s+at [^\s]+( \(.*:\d+:\d+\)|.*:\d+:\d+)$/.test(l))
    .slice(0, 12)
    .map((l) => l.trim());
  return {
    type: e.name,
    code:
      typeof anyErr.code === 'string'
        ? anyErr.code
        : typeof driver.code === 'string'
          ? driver.code
          : undefined,
    constraint: anyErr.constraint ?? driver.constraint,
    table: anyErr.table ?? driver.table,
    stack: frames,
  };
}
