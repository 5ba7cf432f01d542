import { contentDisposition } from './content-disposition';
import { cleanFileName, mediaTypeOf } from './document-upload';

describe('contentDisposition', () => {
  it('keeps a Vietnamese name exactly in filename* and an ASCII fallback in filename', () => {
    expect(contentDisposition('Giấy khám sức khỏe.pdf')).toBe(
      `attachment; filename="Gi_y kh_m s_c kh_e.pdf"; filename*=UTF-8''Gi%E1%BA%A5y%20kh%C3%A1m%20s%E1%BB%A9c%20kh%E1%BB%8Fe.pdf`,
    );
  });

  it('lets no quote, backslash or line break out of the header value', () => {
    const h = contentDisposition('a"b\\c\r\nX-Evil: 1\'().pdf');
    expect(h).not.toMatch(/[\r\n]/);
    expect(h.split('filename=')[1]).toMatch(/^"[^"]*";/);
    expect(h).toContain(`filename*=UTF-8''a%22b%5Cc%0D%0AX-Evil%3A%201%27%28%29.pdf`);
  });
});

describe('mediaTypeOf (magic numbers)', () => {
  it('knows PDF, JPEG and PNG by their first bytes', () => {
    expect(mediaTypeOf(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(mediaTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]))).toBe('image/jpeg');
    expect(mediaTypeOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
  });

  it('refuses programs, text, short and empty content', () => {
    expect(mediaTypeOf(Buffer.from('MZ\x90\x00', 'latin1'))).toBeNull();
    expect(mediaTypeOf(Buffer.from('\x7fELF\x02\x01', 'latin1'))).toBeNull();
    expect(mediaTypeOf(Buffer.from(' %PDF-1.7'))).toBeNull();
    expect(mediaTypeOf(Buffer.from('%PDF'))).toBeNull();
    expect(mediaTypeOf(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(mediaTypeOf(Buffer.alloc(0))).toBeNull();
  });
});

describe('cleanFileName', () => {
  it('keeps the last path segment, in NFC, without control characters', () => {
    expect(cleanFileName('C:\\Users\\x\\Giấy.pdf')).toBe('Giấy.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\n.pdf')).toBe('ab.pdf');
    expect(cleanFileName('Gia\u0301y.pdf')).toBe('Giáy.pdf');
  });

  it('refuses an empty or too long name', () => {
    expect(() => cleanFileName('')).toThrow();
    expect(() => cleanFileName(undefined)).toThrow();
    expect(() => cleanFileName('/')).toThrow();
    expect(() => cleanFileName(`${'a'.repeat(252)}.pdf`)).toThrow();
    expect(cleanFileName(`${'ấ'.repeat(251)}.pdf`)).toHaveLength(255);
  });
});
