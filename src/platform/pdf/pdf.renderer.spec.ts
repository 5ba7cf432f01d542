import { readPdf } from '../../../test/support/pdf-text';
import type { PdfDocumentSpec } from './pdf-document';
import { renderPdf } from './pdf.renderer';

const VIETNAMESE = [
  'Ủy ban nhân dân phường Hoàn Kiếm',
  'Người bị bạo lực gia đình',
  'Điều 36',
  'ă â đ ê ô ơ ư Ă Â Đ Ê Ô Ơ Ư',
  'à á ả ã ạ ằ ắ ẳ ẵ ặ ầ ấ ẩ ẫ ậ è é ẻ ẽ ẹ ề ế ể ễ ệ ì í ỉ ĩ ị',
  'ò ó ỏ õ ọ ồ ố ổ ỗ ộ ờ ớ ở ỡ ợ ù ú ủ ũ ụ ừ ứ ử ữ ự ỳ ý ỷ ỹ ỵ',
];

const spec: PdfDocumentSpec = {
  title: 'Báo cáo thử nghiệm',
  language: 'vi-VN',
  blocks: [
    {
      kind: 'columns',
      left: [{ text: 'ĐỊA CHỈ TIN CẬY', bold: true }],
      right: [
        { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true },
        { text: 'Độc lập - Tự do - Hạnh phúc' },
      ],
    },
    { kind: 'heading', text: 'THÔNG BÁO' },
    ...VIETNAMESE.map((text) => ({ kind: 'paragraph' as const, text })),
    { kind: 'keyValues', items: [{ label: 'Họ và tên', value: 'Nguyễn Thị Hồng' }] },
    {
      kind: 'table',
      columns: ['Xã/phường', 'Số ca'],
      rows: [
        ['Phường Ba Đình', '12'],
        ['Phường Ngọc Hà', '7'],
      ],
    },
  ],
  footer: { text: 'Haven', pageNumbers: 'Trang {page}/{pages}' },
};

describe('renderPdf', () => {
  it('renders Vietnamese text that a PDF reader extracts exactly, every tone mark included', async () => {
    const pdf = await renderPdf(spec, { creationDate: new Date('2026-11-05T03:00:00Z') });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const read = readPdf(pdf);
    for (const text of VIETNAMESE) expect(read.flat).toContain(text);
    expect(read.flat).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(read.flat).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(read.flat).toContain('Họ và tên: Nguyễn Thị Hồng');
    expect(read.flat).toContain('Phường Ngọc Hà');
    expect(read.flat).toContain('Trang 1/1');
  });

  it('embeds its font instead of relying on the reader having one', async () => {
    const pdf = (await renderPdf(spec)).toString('latin1');
    expect(pdf).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(pdf).toContain('DejaVuSerif');
    expect(pdf).not.toContain('/Helvetica');
  });

  it('puts only the title in the metadata, with the creation date given', async () => {
    const read = readPdf(await renderPdf(spec, { creationDate: new Date('2026-11-05T03:00:00Z') }));
    expect(read.info.Title).toBe('Báo cáo thử nghiệm');
    expect(read.info.CreationDate).toBe('D:20261105030000Z');
    expect(read.info.Author).toBeUndefined();
    expect(read.info.Subject).toBeUndefined();
    expect(read.info.Keywords).toBeUndefined();
  });

  it('is repeatable byte for byte when the creation date is fixed', async () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const [a, b] = await Promise.all([
      renderPdf(spec, { creationDate: at }),
      renderPdf(spec, { creationDate: at }),
    ]);
    expect(a.equals(b)).toBe(true);
  });

  it('numbers every page of a long document in its footer', async () => {
    const long: PdfDocumentSpec = {
      ...spec,
      blocks: Array.from({ length: 120 }, (_, i) => ({
        kind: 'paragraph' as const,
        text: `Dòng số ${i + 1}`,
      })),
    };
    const read = readPdf(await renderPdf(long));
    expect(read.pages).toBeGreaterThan(1);
    for (let p = 1; p <= read.pages; p++) expect(read.flat).toContain(`Trang ${p}/${read.pages}`);
    expect(read.flat).toContain('Dòng số 120');
  });

  it('puts the watermark on every page without adding pages', async () => {
    const long: PdfDocumentSpec = {
      ...spec,
      blocks: Array.from({ length: 120 }, (_, i) => ({
        kind: 'paragraph' as const,
        text: `Dòng số ${i + 1}`,
      })),
    };
    const plain = readPdf(await renderPdf(long));
    const marked = readPdf(
      await renderPdf({
        ...long,
        watermark: {
          header: 'BẢO MẬT — In bởi Lê Văn An',
          diagonal: ['BẢO MẬT', 'Lê Văn An 09:30 07/12/2026'],
        },
      }),
    );
    expect(marked.pages).toBe(plain.pages);
    const pages = marked.text.split(/-- \d+ of \d+ --/).filter((p) => p.trim() !== '');
    expect(pages).toHaveLength(marked.pages);
    for (const page of pages) {
      const flat = page.replace(/\s+/g, ' ');
      expect(flat).toContain('BẢO MẬT — In bởi Lê Văn An');
      expect(flat).toContain('Lê Văn An 09:30 07/12/2026');
    }
  });
});
