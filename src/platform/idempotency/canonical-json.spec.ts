import { canonicalJson, requestHash } from './canonical-json';

describe('canonicalJson', () => {
  it('writes the same text whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: 2, c: 3 })).toBe(canonicalJson({ c: 3, a: 2, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('sorts keys at every depth', () => {
    expect(canonicalJson({ z: { y: 1, x: [{ b: 2, a: 1 }] }, a: null })).toBe(
      '{"a":null,"z":{"x":[{"a":1,"b":2}],"y":1}}',
    );
  });

  it('keeps the order of array items', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson([3, 1, 2])).not.toBe(canonicalJson([1, 2, 3]));
  });

  it('ignores fields whose value is undefined', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('keeps null fields apart from missing ones', () => {
    expect(canonicalJson({ a: 1, b: null })).not.toBe(canonicalJson({ a: 1 }));
  });

  it('writes an undefined array item as null, as JSON does', () => {
    expect(canonicalJson([1, undefined])).toBe('[1,null]');
  });

  it('writes dates as ISO strings', () => {
    expect(canonicalJson({ at: new Date('2026-01-02T03:04:05.000Z') })).toBe(
      '{"at":"2026-01-02T03:04:05.000Z"}',
    );
  });

  it('escapes strings and keys as JSON', () => {
    const text = canonicalJson({ 'a"b': 'line\nbreak' });
    expect(JSON.parse(text)).toEqual({ 'a"b': 'line\nbreak' });
  });

  it('writes the same data as JSON.stringify once keys are sorted', () => {
    const body = { caseId: 'c-1', tags: ['x', 'y'], nested: { n: 1.5, ok: true } };
    expect(JSON.parse(canonicalJson(body))).toEqual(body);
  });

  it('writes top-level primitives as JSON', () => {
    expect(canonicalJson('x')).toBe('"x"');
    expect(canonicalJson(1)).toBe('1');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('requestHash', () => {
  it('does not change with key order, nested or not', () => {
    expect(requestHash({ a: 1, b: { d: [1, 2], c: 'x' } })).toBe(
      requestHash({ b: { c: 'x', d: [1, 2] }, a: 1 }),
    );
  });

  it('changes when a value changes', () => {
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
  });

  it('changes when array order changes', () => {
    expect(requestHash({ a: [1, 2] })).not.toBe(requestHash({ a: [2, 1] }));
  });

  it('does not change when an undefined field is added', () => {
    expect(requestHash({ a: 1, b: undefined })).toBe(requestHash({ a: 1 }));
  });

  it('tells a number from its string', () => {
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: '1' }));
  });

  it('is a hex SHA-256 digest', () => {
    expect(requestHash({})).toMatch(/^[0-9a-f]{64}$/);
  });
});
