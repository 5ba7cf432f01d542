import { describe, expect, it } from 'vitest';
import { fileNameOf } from './download';

describe('fileNameOf', () => {
  it('takes the name the API gave (a reference only)', () => {
    const res = new Response(null, {
      headers: { 'content-disposition': 'attachment; filename="ho-so-HN-2026-000001.pdf"' },
    });
    expect(fileNameOf(res, 'ho-so.pdf')).toBe('ho-so-HN-2026-000001.pdf');
  });

  it('falls back when the header is missing', () => {
    expect(fileNameOf(new Response(null), 'ho-so.pdf')).toBe('ho-so.pdf');
  });
});
