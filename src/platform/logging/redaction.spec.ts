import { isPersonalField, PERSONAL_FIELD_NAMES, REDACTED, redactDeep } from './redaction';

describe('isPersonalField', () => {
  it.each(['fullName', 'full_name', 'FullName', 'FULL-NAME', 'full name', 'Full.Name'])(
    'recognises %p as a personal field whatever its case or punctuation',
    (key) => {
      expect(isPersonalField(key)).toBe(true);
    },
  );

  it.each([
    'phone',
    'PHONE_NUMBER',
    'national_id',
    'Authorization',
    'set-cookie',
    'date_of_birth',
    'guardian-phone',
  ])('recognises %p as a personal field', (key) => {
    expect(isPersonalField(key)).toBe(true);
  });

  it.each(['caseId', 'case_id', 'provinceCode', 'status', 'count', 'occurredAt', 'requestId'])(
    'does not treat %p as personal',
    (key) => {
      expect(isPersonalField(key)).toBe(false);
    },
  );

  it('recognises every listed personal field name', () => {
    for (const name of PERSONAL_FIELD_NAMES) expect(isPersonalField(name)).toBe(true);
  });
});

describe('redactDeep', () => {
  it('censors a personal field at the top level and keeps the others', () => {
    expect(redactDeep({ fullName: 'Nguyễn Thị Lan', caseId: 'c-1', count: 3 })).toEqual({
      fullName: REDACTED,
      caseId: 'c-1',
      count: 3,
    });
  });

  it('censors personal fields nested several levels deep', () => {
    const out = redactDeep({ a: { b: { c: { d: { phone: '0912345678', caseId: 'c-1' } } } } });
    expect(out).toEqual({ a: { b: { c: { d: { phone: REDACTED, caseId: 'c-1' } } } } });
  });

  it('censors personal fields inside arrays of objects', () => {
    const out = redactDeep({
      contacts: [
        { full_name: 'Trần Văn A', relation: 'sibling' },
        { FullName: 'Lê Thị B', relation: 'parent' },
      ],
    });
    expect(out).toEqual({
      contacts: [
        { full_name: REDACTED, relation: 'sibling' },
        { FullName: REDACTED, relation: 'parent' },
      ],
    });
  });

  it('censors a personal field whose value is an object or array as a whole', () => {
    expect(redactDeep({ survivor: { id: 's-1', phone: '0912345678' }, phones: ['0912345678'] })).toEqual({
      survivor: REDACTED,
      phones: REDACTED,
    });
  });

  it('censors header-style names such as authorization and set-cookie', () => {
    expect(
      redactDeep({
        headers: { Authorization: 'Bearer abc', 'set-cookie': 'sid=1', 'content-type': 'application/json' },
      }),
    ).toEqual({
      headers: { Authorization: REDACTED, 'set-cookie': REDACTED, 'content-type': 'application/json' },
    });
  });

  it('returns a copy and leaves the original untouched', () => {
    const original = { fullName: 'Nguyễn Thị Lan', nested: { phone: '0912345678' } };
    const out = redactDeep(original);
    expect(out).not.toBe(original);
    expect(original).toEqual({ fullName: 'Nguyễn Thị Lan', nested: { phone: '0912345678' } });
  });

  it('passes primitives, null and undefined through unchanged', () => {
    expect(redactDeep('text')).toBe('text');
    expect(redactDeep(42)).toBe(42);
    expect(redactDeep(true)).toBe(true);
    expect(redactDeep(null)).toBeNull();
    expect(redactDeep(undefined)).toBeUndefined();
  });

  it('keeps dates as they are', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    expect(redactDeep({ at })).toEqual({ at });
  });

  it('reduces an error to its class, dropping its message', () => {
    class LookupError extends Error {
      override name = 'LookupError';
    }
    const out = redactDeep({ failure: new LookupError('phone 0912345678 not found') });
    expect(out).toEqual({ failure: { type: 'LookupError' } });
    expect(JSON.stringify(out)).not.toContain('0912345678');
  });

  it('handles an object that refers to itself', () => {
    const node: Record<string, unknown> = { caseId: 'c-1', fullName: 'Nguyễn Thị Lan' };
    node.self = node;
    const out = redactDeep(node);
    expect(out).toEqual({ caseId: 'c-1', fullName: REDACTED, self: '[cycle]' });
    expect(() => JSON.stringify(out)).not.toThrow();
  });

  it('handles a cycle through an array', () => {
    const list: unknown[] = [];
    const holder = { items: list, phone: '0912345678' };
    list.push(holder);
    expect(redactDeep(holder)).toEqual({ items: ['[cycle]'], phone: REDACTED });
  });

  it('stops descending past its depth bound without exposing deeper values', () => {
    let deep: Record<string, unknown> = { leaf: 'deepest-value' };
    for (let i = 0; i < 12; i++) deep = { next: deep };
    expect(JSON.stringify(redactDeep(deep))).not.toContain('deepest-value');
    expect(JSON.stringify(redactDeep(deep))).toContain('[depth]');
  });
});
