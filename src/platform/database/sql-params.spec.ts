import { NamedParams, PositionalParams } from './sql-params';

describe('the SQL parameter helper', () => {
  it('PositionalParams: $1, $2… in order, the same primitive value once', () => {
    const p = new PositionalParams();
    expect([p.add('a'), p.add(2), p.add('a'), p.add(true), p.add(2)]).toEqual(['$1', '$2', '$1', '$3', '$2']);
    expect(p.values).toEqual(['a', 2, true]);
  });

  it('PositionalParams: never shares a placeholder between null, arrays or dates', () => {
    const p = new PositionalParams();
    const d = new Date(0);
    expect([p.add(null), p.add(null), p.add(['x']), p.add(['x']), p.add(d), p.add(d)]).toEqual([
      '$1',
      '$2',
      '$3',
      '$4',
      '$5',
      '$6',
    ]);
  });

  it('PositionalParams: starts after the parameters already written', () => {
    const p = new PositionalParams(4);
    expect(p.add('x')).toBe('$4');
    expect(() => new PositionalParams(0)).toThrow('the first parameter number must be ≥ 1');
    expect(() => new PositionalParams(1.5)).toThrow();
  });

  it("NamedParams: :prefix_0, :prefix_1… for TypeORM's QueryBuilder", () => {
    const p = new NamedParams('acc');
    expect([p.add('u1'), p.add(7), p.add('u1')]).toEqual([':acc_0', ':acc_1', ':acc_0']);
    expect(p.values).toEqual({ acc_0: 'u1', acc_1: 7 });
    expect(new NamedParams().add('x')).toBe(':access_0');
    expect(() => new NamedParams('a-b')).toThrow('a parameter prefix must be an identifier');
  });
});
