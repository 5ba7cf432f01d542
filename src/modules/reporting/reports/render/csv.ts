import { HEADER_LABELS, ReportCell, ReportModel, ReportTable } from './report-model';

/** Excel reads a CSV as UTF-8 only when it starts with the byte-order mark. */
export const UTF8_BOM = '\uFEFF';

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: ReportCell): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (cells: ReportCell[]): string => cells.map(csvField).join(',');

function section(table: ReportTable): string[] {
  const total = new Array<ReportCell>(table.columns.length).fill('');
  total[0] = HEADER_LABELS.total;
  total[table.columns.length - 1] = table.total ?? '';
  return [
    line([table.title]),
    line([`${HEADER_LABELS.counts}: ${table.counts}`]),
    line(table.columns),
    ...table.rows.map(line),
    ...(table.total === null ? [] : [line(total)]),
  ];
}

/** The report as CSV: the rule and header lines, then one section per table, blank lines between. */
export function renderCsv(model: ReportModel): Buffer {
  const head = [
    line([`${HEADER_LABELS.rule}: ${model.rule}`]),
    line([model.title]),
    line([`${HEADER_LABELS.period}: ${model.period}`]),
    line([`${HEADER_LABELS.scope}: ${model.scope}`]),
    line([`${HEADER_LABELS.coverage}: ${model.coverage}`]),
    line([`${HEADER_LABELS.generatedAt}: ${model.generatedAt}`]),
  ];
  const sections = [...model.tables, ...(model.indicators ? [model.indicators] : [])].map((t) =>
    section(t).join('\r\n'),
  );
  return Buffer.from(UTF8_BOM + [head.join('\r\n'), ...sections].join('\r\n\r\n') + '\r\n', 'utf8');
}
