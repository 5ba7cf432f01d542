import type { PdfBlock, PdfDocumentSpec } from '../../../../platform/pdf';
import { HEADER_LABELS, ReportModel, ReportTable } from './report-model';

const PDF_FOOTER = 'Số liệu đã được làm nhiễu theo phương pháp khóa ô (cell-key); ô nhỏ hiển thị dạng "<n"';

function tableBlocks(table: ReportTable): PdfBlock[] {
  const total = new Array<string>(table.columns.length).fill('');
  total[0] = HEADER_LABELS.total;
  total[table.columns.length - 1] = String(table.total ?? '');
  const label = table.columns.length - 1;
  return [
    { kind: 'heading', text: table.title, size: 12, align: 'left' },
    { kind: 'paragraph', text: `${HEADER_LABELS.counts}: ${table.counts}`, italic: true },
    {
      kind: 'table',
      columns: table.columns,
      rows: [...table.rows.map((r) => r.map(String)), ...(table.total === null ? [] : [total])],
      widths: table.columns.map((_, i) => (i === label ? 1 : 2)),
    },
    { kind: 'spacer' },
  ];
}

/** The report as a PDF document description (rendered by platform/pdf with DejaVu for Vietnamese). */
export function reportPdfSpec(model: ReportModel): PdfDocumentSpec {
  return {
    title: `${model.title} — ${model.period}`,
    language: 'vi-VN',
    bodySize: 10,
    layout: 'landscape',
    blocks: [
      { kind: 'heading', text: model.title, size: 16 },
      {
        kind: 'keyValues',
        items: [
          { label: HEADER_LABELS.period, value: model.period },
          { label: HEADER_LABELS.scope, value: model.scope },
          { label: HEADER_LABELS.coverage, value: model.coverage },
          { label: HEADER_LABELS.generatedAt, value: model.generatedAt },
        ],
      },
      { kind: 'paragraph', text: `${HEADER_LABELS.rule}: ${model.rule}`, italic: true },
      { kind: 'spacer' },
      ...model.tables.flatMap(tableBlocks),
      ...(model.indicators ? tableBlocks(model.indicators) : []),
    ],
    // The full rule is printed above; the footer (one line) recalls it on every page.
    footer: { text: PDF_FOOTER, pageNumbers: 'Trang {page}/{pages}' },
  };
}
