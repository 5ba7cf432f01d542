import ExcelJS from 'exceljs';
import { HEADER_LABELS, ReportModel, ReportTable } from './report-model';

const INDICATORS_SHEET = 'Chỉ tiêu kế hoạch';

function addSheet(wb: ExcelJS.Workbook, model: ReportModel, table: ReportTable): void {
  const ws = wb.addWorksheet(table.sheet);
  // The header block: what the report is, and the disclosure rule on every sheet (a sheet copied out of
  // the workbook must still say how its figures were made).
  ws.addRow([model.title]).font = { bold: true, size: 14 };
  ws.addRow([`${HEADER_LABELS.period}: ${model.period}`]);
  ws.addRow([`${HEADER_LABELS.scope}: ${model.scope}`]);
  ws.addRow([`${HEADER_LABELS.coverage}: ${model.coverage}`]);
  ws.addRow([`${HEADER_LABELS.generatedAt}: ${model.generatedAt}`]);
  ws.addRow([`${HEADER_LABELS.rule}: ${model.rule}`]).font = { italic: true };
  ws.addRow([]);
  ws.addRow([table.title]).font = { bold: true, size: 12 };
  ws.addRow([`${HEADER_LABELS.counts}: ${table.counts}`]);
  const header = ws.addRow(table.columns);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const row of table.rows) ws.addRow(row);
  if (table.total !== null) {
    const totalRow = new Array<string | number>(table.columns.length).fill('');
    totalRow[0] = HEADER_LABELS.total;
    totalRow[table.columns.length - 1] = table.total;
    ws.addRow(totalRow).font = { bold: true };
  }
  ws.columns.forEach((col, i) => {
    col.width = i === table.columns.length - 1 ? 14 : 32;
  });
}

/** The report as an XLSX workbook: one sheet per table, then the plan indicators. */
export async function renderXlsx(model: ReportModel): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  // Metadata without personal data: the creator is the product, the dates the generation time.
  wb.creator = 'Haven';
  wb.title = model.title;
  wb.created = model.generatedAtInstant;
  wb.modified = model.generatedAtInstant;
  for (const table of model.tables) addSheet(wb, model, table);
  if (model.indicators) addSheet(wb, model, { ...model.indicators, sheet: INDICATORS_SHEET });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
