import { col, rowShape, RowShapeError } from './row';

const SHAPE = rowShape('cases', {
  id: col.uuid(),
  reference: col.text(),
  version: col.int(),
  restricted: col.bool(),
  opened_at: col.time().orNull(),
  opened_text: col.text().as('({a}.opened_at)::text'),
  tags: col.textArray(),
});

const ROW = {
  id: '0e4f3a3c-1111-4222-8333-944455556666',
  reference: 'HN-2026-000001',
  version: 3,
  restricted: false,
  opened_at: null,
  opened_text: '2026-01-01',
  tags: ['a'],
};

describe('rowShape', () => {
  it('writes the SELECT list from the shape, with expressions qualified by the alias', () => {
    expect(SHAPE.columns('c')).toBe(
      'c.id, c.reference, c.version, c.restricted, c.opened_at, (c.opened_at)::text AS opened_text, c.tags',
    );
    expect(SHAPE.columns()).toBe(
      'id, reference, version, restricted, opened_at, (opened_at)::text AS opened_text, tags',
    );
    expect(SHAPE.names).toEqual(Object.keys(ROW));
  });

  it('passes a row of the declared kinds through', () => {
    expect(SHAPE.parse(ROW)).toEqual(ROW);
    expect(SHAPE.parseAll([ROW, { ...ROW, opened_at: new Date() }])).toHaveLength(2);
  });

  it.each([
    ['version', '3', 'cases.version: not a int'],
    ['version', 1.5, 'cases.version: not a int'],
    ['restricted', 'false', 'cases.restricted: not a bool'],
    ['opened_at', '2026-01-01', 'cases.opened_at: not a timestamptz or null'],
    ['reference', null, 'cases.reference: not a text'],
    ['reference', undefined, 'cases.reference: not a text'],
    ['tags', [1], 'cases.tags: not a text[]'],
  ])('refuses %s = %p, naming the column', (column, value, message) => {
    expect(() => SHAPE.parse({ ...ROW, [column]: value })).toThrow(new RowShapeError(message));
  });

  it('names only the column, never the value it found', () => {
    const secret = 'Markerlan Nguyễn';
    let message = '';
    try {
      SHAPE.parse({ ...ROW, version: secret });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('cases.version: not a int');
    expect(message).not.toContain('Markerlan');
  });

  it('refuses what is not a row', () => {
    expect(() => SHAPE.parse(null)).toThrow('cases: not a row');
    expect(() => SHAPE.parse('x')).toThrow(RowShapeError);
  });
});
