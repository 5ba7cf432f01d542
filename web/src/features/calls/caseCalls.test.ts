import { describe, expect, it } from 'vitest';
import { callLine } from './caseCalls';

const call = { startedAt: '2026-12-07T16:45:00Z', durationSeconds: 754, operatorId: 'op-1' };

describe('a call in the case file', () => {
  it('gives the time in Hanoi (UTC+7), whatever the computer’s zone, and the duration as m:ss', () => {
    expect(callLine(call, 'op-1')).toEqual({ at: '23:45 07/12/2026', duration: '12:34', byMe: true });
    expect(callLine({ ...call, startedAt: '2026-12-07T17:05:00Z' }).at).toBe('00:05 08/12/2026');
    expect(callLine({ ...call, durationSeconds: 3_725 }).duration).toBe('1:02:05');
  });

  it('says "you" only for the reader’s own calls', () => {
    expect(callLine(call, 'op-2').byMe).toBe(false);
    expect(callLine(call).byMe).toBe(false);
  });
});
