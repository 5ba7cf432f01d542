import ExcelJS from 'exceljs';
import { parsePeriod } from '../../../activities';
import { renderPdf } from '../../../../platform/pdf';
import { csvField, renderCsv, UTF8_BOM } from './csv';
import { reportPdfSpec } from './pdf';
import { hanoiTimestamp, periodLabel, ReportModel, reportFileName, ruleText } from './report-model';
import { renderXlsx } from './xlsx';

const RULE = ruleText({ method: 'cell_key', maxNoise: 2, threshold: 5 });
const AT = new Date('2026-11-26T23:17:00Z');

const model = (): ReportModel => ({
  title: 'Báo cáo 6 tháng',
  period: periodLabel(parsePeriod('2026-H2')!),
  scope: 'Thành phố Hà Nội (toàn thành phố)',
  coverage: 'Tất cả các ca trên địa bàn',
  generatedAt: hanoiTimestamp(AT),
  generatedAtInstant: AT,
  rule: RULE,
  tables: [
    {
      sheet: 'Ca theo xã - kênh',
      title: 'Ca tiếp nhận theo xã/phường và kênh tiếp nhận',
      counts: 'Số ca',
      columns: ['Xã/phường', 'Kênh tiếp nhận', 'Số lượng'],
      rows: [
        ['Phường Ba Đình', 'Đường dây nóng', 12],
        ['Phường Hoàn Kiếm', 'Trực tiếp, "tại chỗ"', '<5'],
      ],
      total: 15,
    },
    {
      sheet: 'Dịch vụ đã cung cấp',
      title: 'Dịch vụ hỗ trợ đã cung cấp',
      counts: 'Số dịch vụ',
      columns: ['Dịch vụ', 'Số lượng'],
      rows: [['Tạm lánh', 0]],
      total: 0,
    },
  ],
  indicators: {
    sheet: 'x',
    title: 'Các chỉ tiêu của kế hoạch',
    counts: 'Giá trị',
    columns: ['Chỉ tiêu', 'Giá trị'],
    rows: [['Tỷ lệ cán bộ được tập huấn', '80%']],
    total: null,
  },
});

/** exceljs types its input as an ArrayBuffer; Node's Buffer is read the same way. */
const asArrayBuffer = (b: Buffer): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

const sheetText = (ws: ExcelJS.Worksheet): string[] => {
  const cells: string[] = [];
  ws.eachRow((row) => {
    row.eachCell((cell) => {
      cells.push(cell.text);
    });
  });
  return cells;
};

describe('report texts', () => {
  it('states the disclosure rule in Vietnamese with the bound and the small-cell marker', () => {
    expect(RULE).toContain('khóa ô (cell-key), sai lệch tối đa ±2');
    expect(RULE).toContain('ô có giá trị từ 1 đến 4 được hiển thị là "<5"');
    expect(RULE).toContain('tổng được tính riêng, không phải tổng các dòng');
  });

  it('names periods in Vietnamese with their Hanoi calendar days', () => {
    expect(periodLabel(parsePeriod('2026-H2')!)).toBe('6 tháng cuối năm 2026 (từ 01/07/2026 đến 31/12/2026)');
    expect(periodLabel(parsePeriod('2026-03')!)).toBe('Tháng 3/2026 (từ 01/03/2026 đến 31/03/2026)');
    expect(periodLabel(parsePeriod('2026')!)).toBe('Năm 2026 (từ 01/01/2026 đến 31/12/2026)');
  });

  it('prints the generation time in Hanoi time', () => {
    expect(hanoiTimestamp(AT)).toBe('27/11/2026 06:17 (giờ Hà Nội)');
  });

  it('names the file by kind and period only', () => {
    expect(reportFileName('bao-cao-6-thang', '2026-H2', 'xlsx')).toBe('bao-cao-6-thang-2026-H2.xlsx');
  });
});

describe('renderXlsx', () => {
  it('makes one sheet per table plus the indicators, each with the header block and the rule', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(asArrayBuffer(await renderXlsx(model())));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Ca theo xã - kênh',
      'Dịch vụ đã cung cấp',
      'Chỉ tiêu kế hoạch',
    ]);
    for (const ws of wb.worksheets) {
      const text = sheetText(ws);
      expect(text[0]).toBe('Báo cáo 6 tháng');
      expect(text).toContain(`Kiểm soát công bố: ${RULE}`);
      expect(text.some((t) => t.startsWith('Kỳ báo cáo: 6 tháng cuối năm 2026'))).toBe(true);
    }
    const first = sheetText(wb.worksheets[0]!);
    expect(first).toEqual(expect.arrayContaining(['Xã/phường', 'Kênh tiếp nhận', 'Số lượng', '<5', '12']));
    expect(first).toContain('Tổng (tính riêng, không phải tổng các dòng)');
  });

  it('leaves the total row out of the indicators sheet', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(asArrayBuffer(await renderXlsx(model())));
    expect(sheetText(wb.getWorksheet('Chỉ tiêu kế hoạch')!)).not.toContain(
      'Tổng (tính riêng, không phải tổng các dòng)',
    );
  });
});

describe('renderCsv', () => {
  it('starts with the BOM and the rule, and separates tables by a blank line', () => {
    const text = renderCsv(model()).toString('utf8');
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    expect(text.slice(1).split('\r\n')[0]).toBe(csvField(`Kiểm soát công bố: ${RULE}`));
    const sections = text.split('\r\n\r\n');
    expect(sections).toHaveLength(4);
    expect(sections[1]!.split('\r\n')).toEqual([
      'Ca tiếp nhận theo xã/phường và kênh tiếp nhận',
      'Đơn vị đếm: Số ca',
      'Xã/phường,Kênh tiếp nhận,Số lượng',
      'Phường Ba Đình,Đường dây nóng,12',
      'Phường Hoàn Kiếm,"Trực tiếp, ""tại chỗ""",<5',
      '"Tổng (tính riêng, không phải tổng các dòng)",,15',
    ]);
  });

  it('quotes fields with commas, quotes or line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField(7)).toBe('7');
  });
});

describe('reportPdfSpec', () => {
  it('holds the title, period, scope, rule, every table and page numbers', async () => {
    const spec = reportPdfSpec(model());
    expect(spec.language).toBe('vi-VN');
    expect(spec.footer?.pageNumbers).toBe('Trang {page}/{pages}');
    const texts = JSON.stringify(spec.blocks);
    for (const t of [
      'Báo cáo 6 tháng',
      'Thành phố Hà Nội',
      RULE,
      'Dịch vụ hỗ trợ đã cung cấp',
      'Các chỉ tiêu',
    ]) {
      expect(texts).toContain(JSON.stringify(t).slice(1, -1));
    }
    const pdf = await renderPdf(spec, { creationDate: AT });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
