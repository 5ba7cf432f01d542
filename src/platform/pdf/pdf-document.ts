/**
 * A document described as data, rendered by renderPdf (pdf.renderer.ts). Modules build these from their
 * facts (the commune notice, reports) and never touch the PDF library, so the layout rules live in one
 * place and a spec can compare the data as well as the rendered text.
 */

export type PdfAlign = 'left' | 'center' | 'right' | 'justify';

/** One line of a column block: centred administrative headers, signature blocks. */
export interface PdfLine {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** Points; the document's body size when left out. */
  size?: number;
}

export type PdfBlock =
  /** A title line (bold, centred unless told). */
  | { kind: 'heading'; text: string; size?: number; align?: PdfAlign }
  | { kind: 'paragraph'; text: string; align?: PdfAlign; bold?: boolean; italic?: boolean; indent?: number }
  /** "Label: value" lines, the label in bold. */
  | { kind: 'keyValues'; items: { label: string; value: string }[] }
  /** A small grid with a header row; widths are relative weights (equal when left out). */
  | { kind: 'table'; columns: string[]; rows: string[][]; widths?: number[] }
  /** Two columns side by side, each line centred in its column (header and signature blocks). */
  | { kind: 'columns'; left: PdfLine[]; right: PdfLine[]; leftWeight?: number }
  | { kind: 'spacer'; lines?: number };

export interface PdfDocumentSpec {
  /** The document's Title metadata: no personal data (metadata travels with copies of the file). */
  title: string;
  /** BCP 47, e.g. 'vi-VN'. */
  language: string;
  blocks: PdfBlock[];
  /** Footer on every page; {page} and {pages} are replaced by the numbers. */
  footer?: { text?: string; pageNumbers?: string };
  /**
   * Printed on every page, over the content: `header` as a line in the top margin, and `diagonal` lines
   * large and light across the page (a copy's origin that cannot be cut off: who printed it, when).
   */
  watermark?: PdfWatermark;
  /** Points; 12 when left out. */
  bodySize?: number;
  /** A4 portrait unless told. */
  layout?: 'portrait' | 'landscape';
}

export interface PdfWatermark {
  header: string;
  diagonal: string[];
}

export interface PdfRenderOptions {
  /** CreationDate and ModDate of the file; fixed by tests to make the output byte-for-byte repeatable. */
  creationDate?: Date;
}
