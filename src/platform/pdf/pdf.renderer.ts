import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type {
  PdfAlign,
  PdfBlock,
  PdfDocumentSpec,
  PdfLine,
  PdfRenderOptions,
  PdfWatermark,
} from './pdf-document';

/**
 * DejaVu Serif (npm dejavu-fonts-ttf, Bitstream Vera licence + public domain): covers Vietnamese fully
 * (every vowel with its tone mark, đ), and a serif face is what Vietnamese administrative documents use.
 * Read once per process; pdfkit embeds only the glyphs used (a subset).
 */
const FONT_FILES = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSerif.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf',
  italic: 'dejavu-fonts-ttf/ttf/DejaVuSerif-Italic.ttf',
  boldItalic: 'dejavu-fonts-ttf/ttf/DejaVuSerif-BoldItalic.ttf',
} as const;
type FontFace = keyof typeof FONT_FILES;

let fonts: Record<FontFace, Buffer> | undefined;

function loadFonts(): Record<FontFace, Buffer> {
  fonts ??= Object.fromEntries(
    Object.entries(FONT_FILES).map(([face, file]) => [face, readFileSync(require.resolve(file))]),
  ) as Record<FontFace, Buffer>;
  return fonts;
}

const faceOf = (bold?: boolean, italic?: boolean): FontFace =>
  bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular';

const MARGIN = 56; // about 2 cm
const FOOTER_SIZE = 9;

/** Renders the document to a PDF file with its fonts embedded. */
export function renderPdf(spec: PdfDocumentSpec, opts: PdfRenderOptions = {}): Promise<Buffer> {
  const created = opts.creationDate ?? new Date();
  const doc = new PDFDocument({
    size: 'A4',
    layout: spec.layout ?? 'portrait',
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN + 14, right: MARGIN },
    bufferPages: true,
    lang: spec.language,
    displayTitle: true,
    // Only the title: no author, subject or keywords, which could carry personal data.
    info: { Title: spec.title, Creator: 'Haven', Producer: 'Haven', CreationDate: created, ModDate: created },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });
  try {
    const files = loadFonts();
    for (const face of Object.keys(files) as FontFace[]) doc.registerFont(face, files[face]);
    const body = spec.bodySize ?? 12;
    doc.font('regular').fontSize(body);
    for (const block of spec.blocks) drawBlock(doc, block, body);
    if (spec.footer) drawFooters(doc, spec.footer);
    if (spec.watermark) drawWatermarks(doc, spec.watermark);
    doc.end();
  } catch (e) {
    doc.end();
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
  return done;
}

function contentWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function drawBlock(doc: PDFKit.PDFDocument, block: PdfBlock, body: number): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  switch (block.kind) {
    case 'heading': {
      doc.font('bold').fontSize(block.size ?? body + 2);
      // A heading keeps with what follows: never alone at the foot of a page.
      const needed = doc.heightOfString(block.text, { width }) + 3 * body * 1.2;
      if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
      doc.text(block.text, left, doc.y, { width, align: block.align ?? 'center' });
      doc.font('regular').fontSize(body);
      return;
    }
    case 'paragraph':
      doc
        .font(faceOf(block.bold, block.italic))
        .fontSize(body)
        .text(block.text, left, doc.y, {
          width,
          align: block.align ?? 'justify',
          indent: block.indent ?? 0,
          paragraphGap: body / 3,
        });
      doc.font('regular');
      return;
    case 'keyValues':
      for (const item of block.items) {
        doc.font('bold').fontSize(body).text(`${item.label}: `, left, doc.y, { width, continued: true });
        doc.font('regular').text(item.value, { width });
      }
      doc.moveDown(0.3);
      return;
    case 'table':
      drawTable(doc, block, body);
      return;
    case 'columns':
      drawColumns(doc, block.left, block.right, block.leftWeight ?? 1, body);
      return;
    case 'spacer':
      doc.moveDown(block.lines ?? 1);
      return;
  }
}

function drawColumns(
  doc: PDFKit.PDFDocument,
  leftLines: PdfLine[],
  rightLines: PdfLine[],
  leftWeight: number,
  body: number,
): void {
  const x0 = doc.page.margins.left;
  const width = contentWidth(doc);
  const leftWidth = (width * leftWeight) / (leftWeight + 1);
  const heightOf = (lines: PdfLine[], w: number): number =>
    lines.reduce((h, l) => {
      doc.font(faceOf(l.bold, l.italic)).fontSize(l.size ?? body);
      return h + doc.heightOfString(l.text, { width: w, align: 'center' });
    }, 0);
  const needed = Math.max(heightOf(leftLines, leftWidth), heightOf(rightLines, width - leftWidth));
  if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const top = doc.y;
  const column = (lines: PdfLine[], x: number, w: number): number => {
    doc.y = top;
    for (const l of lines) {
      doc
        .font(faceOf(l.bold, l.italic))
        .fontSize(l.size ?? body)
        .text(l.text, x, doc.y, { width: w, align: 'center' });
    }
    return doc.y;
  };
  const bottom = Math.max(
    column(leftLines, x0, leftWidth),
    column(rightLines, x0 + leftWidth, width - leftWidth),
  );
  doc.font('regular').fontSize(body);
  doc.x = x0;
  doc.y = bottom;
  doc.moveDown(0.5);
}

function drawTable(doc: PDFKit.PDFDocument, block: Extract<PdfBlock, { kind: 'table' }>, body: number): void {
  const x0 = doc.page.margins.left;
  const width = contentWidth(doc);
  const weights = block.widths ?? block.columns.map(() => 1);
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const widths = block.columns.map((_, i) => (width * (weights[i] ?? 1)) / total);
  const pad = 4;
  const size = body - 1;
  const drawRow = (cells: string[], bold: boolean): void => {
    doc.font(bold ? 'bold' : 'regular').fontSize(size);
    const height =
      Math.max(
        ...block.columns.map((_, i) =>
          doc.heightOfString(cells[i] ?? '', { width: (widths[i] ?? 0) - 2 * pad }),
        ),
      ) +
      2 * pad;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    let x = x0;
    block.columns.forEach((_, i) => {
      const w = widths[i] ?? 0;
      doc.rect(x, top, w, height).lineWidth(0.5).stroke();
      doc.text(cells[i] ?? '', x + pad, top + pad, { width: w - 2 * pad, align: alignOf(cells[i]) });
      x += w;
    });
    doc.x = x0;
    doc.y = top + height;
  };
  drawRow(block.columns, true);
  for (const row of block.rows) drawRow(row, false);
  doc.font('regular').fontSize(body);
  doc.moveDown(0.5);
}

/** Numbers line up on the right, as in the reports' tables. */
const alignOf = (cell: string | undefined): PdfAlign =>
  cell !== undefined && /^[\d\s.,%-]+$/.test(cell) && /\d/.test(cell) ? 'right' : 'left';

function drawFooters(doc: PDFKit.PDFDocument, footer: NonNullable<PdfDocumentSpec['footer']>): void {
  const range = doc.bufferedPageRange();
  const pages = range.count;
  for (let i = 0; i < pages; i++) {
    doc.switchToPage(range.start + i);
    const parts = [
      footer.text,
      footer.pageNumbers?.replace('{page}', String(i + 1)).replace('{pages}', String(pages)),
    ].filter((p): p is string => !!p);
    // Writing inside the bottom margin: lift it for the footer, or pdfkit would start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(FOOTER_SIZE)
      .text(parts.join('   ·   '), doc.page.margins.left, doc.page.height - bottom + 16, {
        width: contentWidth(doc),
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}

/** The first diagonal line (the mark) and the next ones (who, when). */
const WATERMARK_SIZES = { mark: 38, line: 13 };
const WATERMARK_HEADER_SIZE = 8;

/** The watermark on every page: a header line in the top margin and light diagonal lines over the page. */
function drawWatermarks(doc: PDFKit.PDFDocument, mark: PdfWatermark): void {
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const { top, bottom, left } = doc.page.margins;
    const width = contentWidth(doc);
    // Writing outside the margins: lift them while writing, or pdfkit would start a new page.
    doc.page.margins.bottom = 0;
    doc.page.margins.top = 0;
    doc
      .font('bold')
      .fontSize(WATERMARK_HEADER_SIZE)
      .text(mark.header, left, top - 30, { width, align: 'center' });
    const cx = doc.page.width / 2;
    const cy = doc.page.height / 2;
    const diagonal = Math.hypot(doc.page.width, doc.page.height) * 0.8;
    const angle = (-Math.atan2(doc.page.height, doc.page.width) * 180) / Math.PI;
    doc.save();
    doc.rotate(angle, { origin: [cx, cy] });
    doc.fillColor('#777777');
    let y = cy - WATERMARK_SIZES.mark / 2;
    mark.diagonal.forEach((line, n) => {
      const size = n === 0 ? WATERMARK_SIZES.mark : WATERMARK_SIZES.line;
      doc
        .fillOpacity(n === 0 ? 0.2 : 0.35)
        .font(n === 0 ? 'bold' : 'regular')
        .fontSize(size)
        .text(line, cx - diagonal / 2, y, { width: diagonal, align: 'center', lineBreak: false });
      y += size * 1.3;
    });
    doc.restore();
    doc.fillColor('black').fillOpacity(1);
    doc.page.margins.top = top;
    doc.page.margins.bottom = bottom;
  }
}
