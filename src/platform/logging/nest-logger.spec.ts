import { createLogger } from './logger';
import { nestLogger } from './nest-logger';

// nestjs-pino keeps one root logger per process (here: per test file), so one logger for the file.
const lines: string[] = [];
const nest = nestLogger(
  createLogger({ level: 'trace', destination: { write: (l: string) => void lines.push(l) } }),
);
const MARKER = 'MARKER-FULLNAME-Nguyễn-7f3a';

beforeEach(() => {
  lines.length = 0;
});

const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('nestLogger (nestjs-pino on Haven’s pino)', () => {
  it('writes Nest messages as JSON lines with their context', () => {
    nest.log('Nest application successfully started', 'NestApplication');
    expect(parsed()).toEqual([
      expect.objectContaining({
        level: 'info',
        app: 'haven',
        context: 'NestApplication',
        msg: expect.stringContaining('started') as string,
      }),
    ]);
  });

  it('keeps personal fields of a logged object out, at every level', () => {
    for (const level of ['log', 'warn', 'error', 'debug', 'verbose', 'fatal'] as const) {
      nest[level]?.({ caseId: 'c-1', survivor: { fullName: MARKER } }, 'Ctx');
    }
    expect(lines).toHaveLength(6);
    expect(lines.join('')).not.toContain(MARKER);
    expect(parsed()[0]).toMatchObject({ caseId: 'c-1', context: 'Ctx' });
  });

  it('logs an error by its class, never by its message', () => {
    nest.error(new TypeError(`cannot read ${MARKER}`), 'ExceptionsHandler');
    // Nest's older contract: message, stack, context.
    nest.error(`failed for ${MARKER}`, `Error: failed\n    at handler (/app/x.js:1:1)`, 'ExceptionsHandler');
    expect(lines.join('')).not.toContain(MARKER);
    expect(parsed()[0]).toMatchObject({ err: { type: 'TypeError' }, context: 'ExceptionsHandler' });
    expect(parsed()[1]).toMatchObject({ err: { type: 'Error', stack: ['at handler (/app/x.js:1:1)'] } });
  });
});
