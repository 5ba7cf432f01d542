import { unsupportedRuntime } from './runtime';

describe('unsupportedRuntime', () => {
  it('accepts Node.js 24', () => {
    expect(unsupportedRuntime('v24.22.3')).toBeNull();
    expect(unsupportedRuntime(process.version)).toBeNull();
  });

  it.each(['v20.20.2', 'v22.12.0', 'v25.1.0', 'garbage'])('refuses %s, naming what is needed', (v) => {
    expect(unsupportedRuntime(v)).toContain('Node.js 24');
  });
});
