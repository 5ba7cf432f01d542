import { describe, expect, it } from 'vitest';
import { formatSize } from './size';

describe('formatSize', () => {
  it('says bytes, KB and MB, with the decimal comma in Vietnamese', () => {
    expect(formatSize(512, 'vi')).toBe('512 B');
    expect(formatSize(1536, 'vi')).toBe('1,5 KB');
    expect(formatSize(1.25 * 1024 * 1024, 'vi')).toBe('1,3 MB');
    expect(formatSize(1.25 * 1024 * 1024, 'en')).toBe('1.3 MB');
    expect(formatSize(10 * 1024 * 1024, 'vi')).toBe('10 MB');
  });
});
