import type { Period } from '../../../activities';
import type { DisclosureRule, Published } from '../../domain/disclosure';
import type { ReportFormat } from '../reports.config';
import { hanoiWallClock } from '../../../../platform/time';

/** A cell of a rendered table: a label or a published figure. */
export type ReportCell = string | number;

/** One statistics table as it is printed: headings and labels in Vietnamese, figures as published. */
export interface ReportTable {
  /** The XLSX sheet name. */
  sheet: string;
  title: string;
  /** What one unit of a count is (the statistics service's description). */
  counts: string;
  columns: string[];
  rows: ReportCell[][];
  /** The table's own total (computed, never the sum of rows); null for the indicators. */
  total: Published | null;
}

/**
 * A report described as data, rendered by the XLSX, CSV and PDF renderers. Built by ReportBuilder from
 * figures already under disclosure control: it holds labels and published figures, nothing else.
 */
export interface ReportModel {
  title: string;
  period: string;
  scope: string;
  coverage: string;
  /** When the file was made, in Hanoi time, as printed. */
  generatedAt: string;
  /** The generation instant (file metadata, so the output is repeatable). */
  generatedAtInstant: Date;
  /** The disclosure rule in Vietnamese, printed on every sheet and page. */
  rule: string;
  tables: ReportTable[];
  indicators: ReportTable | null;
}

export const HEADER_LABELS = {
  period: 'Kỳ báo cáo',
  scope: 'Phạm vi',
  coverage: 'Số liệu của',
  generatedAt: 'Thời điểm lập',
  rule: 'Kiểm soát công bố',
  counts: 'Đơn vị đếm',
  count: 'Số lượng',
  total: 'Tổng (tính riêng, không phải tổng các dòng)',
  unknown: 'Không rõ',
} as const;

const two = (n: number): string => String(n).padStart(2, '0');

/** "27/11/2026 06:17 (giờ Hà Nội)". */
export function hanoiTimestamp(at: Date): string {
  const d = hanoiWallClock(at);
  return (
    `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())} (giờ Hà Nội)`
  );
}

const dayVi = (day: string): string => {
  const [y, m, d] = day.split('-');
  return `${d ?? ''}/${m ?? ''}/${y ?? ''}`;
};

/** "6 tháng cuối năm 2026 (từ 01/07/2026 đến 31/12/2026)". */
export function periodLabel(p: Period): string {
  const span = `(từ ${dayVi(p.firstDay)} đến ${dayVi(p.lastDay)})`;
  const month = Number(p.firstDay.slice(5, 7));
  switch (p.kind) {
    case 'month':
      return `Tháng ${month}/${p.year} ${span}`;
    case 'quarter':
      return `Quý ${Math.floor((month - 1) / 3) + 1}/${p.year} ${span}`;
    case 'half':
      return `6 tháng ${month === 1 ? 'đầu' : 'cuối'} năm ${p.year} ${span}`;
    case 'year':
      return `Năm ${p.year} ${span}`;
  }
}

/** The disclosure rule as one Vietnamese sentence. */
export function ruleText(rule: DisclosureRule): string {
  const small = rule.threshold - 1;
  const smallPart =
    small >= 1 ? `ô có giá trị từ 1 đến ${small} được hiển thị là "<${rule.threshold}"; ` : '';
  return (
    `Số liệu được làm nhiễu theo phương pháp khóa ô (cell-key), sai lệch tối đa ±${rule.maxNoise}; ` +
    `${smallPart}ô bằng 0 giữ nguyên là 0; tổng được tính riêng, không phải tổng các dòng.`
  );
}

/** The file name: no personal data, e.g. bao-cao-6-thang-2026-H2.xlsx. */
export const reportFileName = (fileStem: string, periodId: string, format: ReportFormat): string =>
  `${fileStem}-${periodId}.${format}`;

export const CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};
