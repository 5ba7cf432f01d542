import { createLogger, describeError } from './logger';

const MARKERS = {
  fullName: 'MARKER-FULLNAME-7f3a',
  phone: 'MARKER-PHONE-0912345678',
  nationalId: 'MARKER-NATIONALID-001',
  authorization: 'Bearer MARKER-AUTH-TOKEN',
  cookie: 'sid=MARKER-COOKIE',
} as const;

function capture(level = 'trace'): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { lines, logger };
}

function parsed(lines: string[]): Record<string, unknown>[] {
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

function expectNoMarkers(lines: string[]): void {
  const written = lines.join('');
  for (const marker of Object.values(MARKERS)) expect(written).not.toContain(marker);
}

describe('createLogger', () => {
  it('writes one JSON line per entry with level label, app and message', () => {
    const { lines, logger } = capture('info');
    logger.info({ caseId: 'c-1' }, 'case opened');
    expect(lines).toHaveLength(1);
    expect(parsed(lines)[0]).toMatchObject({
      level: 'info',
      app: 'haven',
      caseId: 'c-1',
      msg: 'case opened',
    });
  });

  it('keeps personal fields out of a logged object at any depth', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        caseId: 'c-1',
        survivorRecord: {
          fullName: MARKERS.fullName,
          contacts: [{ phone: MARKERS.phone, kind: 'mobile' }],
          identity: { nationalId: MARKERS.nationalId },
        },
        req: { method: 'POST', headers: { authorization: MARKERS.authorization, cookie: MARKERS.cookie } },
      },
      'intake saved',
    );
    expect(lines).toHaveLength(1);
    expectNoMarkers(lines);
    const entry = parsed(lines)[0];
    expect(entry).toMatchObject({
      caseId: 'c-1',
      survivorRecord: { contacts: [{ kind: 'mobile' }] },
      req: { method: 'POST' },
    });
  });

  it('keeps personal fields out whatever their spelling', () => {
    const { lines, logger } = capture();
    logger.warn(
      { full_name: MARKERS.fullName, PHONE: MARKERS.phone, 'national-id': MARKERS.nationalId },
      'odd keys',
    );
    expect(lines).toHaveLength(1);
    expectNoMarkers(lines);
  });

  it('keeps credential headers out at the top level too', () => {
    const { lines, logger } = capture();
    logger.info({
      headers: { Authorization: MARKERS.authorization, cookie: MARKERS.cookie, accept: 'text/html' },
    });
    expect(lines).toHaveLength(1);
    expectNoMarkers(lines);
    expect(parsed(lines)[0]).toMatchObject({ headers: { accept: 'text/html' } });
  });

  it('keeps personal fields out at every level', () => {
    const { lines, logger } = capture();
    const entry = { fullName: MARKERS.fullName, phone: MARKERS.phone };
    logger.trace(entry, 't');
    logger.debug(entry, 'd');
    logger.info(entry, 'i');
    logger.warn(entry, 'w');
    logger.error(entry, 'e');
    logger.fatal(entry, 'f');
    expect(lines).toHaveLength(6);
    expectNoMarkers(lines);
  });

  it('keeps an error message out of the line when the error is logged with a message', () => {
    const { lines, logger } = capture();
    logger.error({ err: new Error(`lookup failed for ${MARKERS.phone}`) }, 'lookup failed');
    expect(lines).toHaveLength(1);
    expectNoMarkers(lines);
  });

  it('logs an error by its class and code, never by its message', () => {
    const { lines, logger } = capture();
    const err = Object.assign(new Error(`lookup failed for ${MARKERS.phone}`), {
      name: 'StorageError',
      code: 'E42',
    });
    logger.error({ err, caseId: 'c-1' }, 'storage failed');
    logger.error(err);
    logger.error({ err });
    expectNoMarkers(lines);
    const [withMsg, bare, wrapped] = parsed(lines);
    expect(withMsg).toMatchObject({
      msg: 'storage failed',
      caseId: 'c-1',
      err: { type: 'StorageError', code: 'E42' },
    });
    expect(bare).toMatchObject({ msg: 'StorageError', err: { type: 'StorageError', code: 'E42' } });
    expect(wrapped).toMatchObject({ msg: 'StorageError', err: { type: 'StorageError' } });
    expect((withMsg!.err as { stack: string[] }).stack.length).toBeGreaterThan(0);
  });

  it('keeps personal fields out of child logger bindings', () => {
    const { lines, logger } = capture();
    logger.child({ fullName: MARKERS.fullName, requestId: 'r-1' }).info('hi');
    expectNoMarkers(lines);
    expect(parsed(lines)[0]).toMatchObject({ requestId: 'r-1' });
  });

  it('writes nothing below its level', () => {
    const { lines, logger } = capture('warn');
    logger.info({ caseId: 'c-1' }, 'quiet');
    expect(lines).toHaveLength(0);
  });
});

describe('describeError', () => {
  const MESSAGE_MARKER = 'MARKER-ERROR-MESSAGE-Nguyễn';

  it('drops the message but keeps the class and code', () => {
    class StorageError extends Error {
      override name = 'StorageError';
      readonly code = 'ECONNREFUSED';
    }
    const described = describeError(new StorageError(`cannot save ${MESSAGE_MARKER}`));
    expect(described).toMatchObject({ type: 'StorageError', code: 'ECONNREFUSED' });
    expect(JSON.stringify(described)).not.toContain(MESSAGE_MARKER);
  });

  it('keeps stack frames but not the message line of the stack', () => {
    const described = describeError(new Error(MESSAGE_MARKER));
    const stack = described.stack as string[];
    expect(stack.length).toBeGreaterThan(0);
    for (const frame of stack) expect(frame.startsWith('at ')).toBe(true);
    expect(JSON.stringify(stack)).not.toContain(MESSAGE_MARKER);
  });

  it('takes code, constraint and table from a driver error', () => {
    const e = Object.assign(new Error(`duplicate key value (${MESSAGE_MARKER})`), {
      driverError: { code: '23505', constraint: 'uq_case_reference', table: 'cases' },
    });
    e.name = 'QueryFailedError';
    const described = describeError(e);
    expect(described).toMatchObject({
      type: 'QueryFailedError',
      code: '23505',
      constraint: 'uq_case_reference',
      table: 'cases',
    });
    expect(JSON.stringify(described)).not.toContain(MESSAGE_MARKER);
  });

  it('ignores a code that is not a string', () => {
    const e = Object.assign(new Error('x'), { code: 42 });
    expect(describeError(e).code).toBeUndefined();
  });

  it('describes a thrown non-error by its type only', () => {
    expect(describeError(`thrown text ${MESSAGE_MARKER}`)).toEqual({ type: 'string' });
    expect(describeError({ message: MESSAGE_MARKER })).toEqual({ type: 'object' });
  });
});
