import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** What pdf-parse reads back from a PDF: its text (pages joined) and its Info dictionary. */
export interface PdfReadBack {
  text: string;
  /** The text with every run of white space (line breaks of wrapped lines) made one space. */
  flat: string;
  pages: number;
  info: Record<string, unknown>;
}

// pdf-parse (pdf.js) starts its worker with a dynamic import(), which Jest's CommonJS sandbox refuses; a
// plain Node.js child process reads the file instead.
const SCRIPT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const text = await parser.getText();
  const info = await parser.getInfo();
  await parser.destroy();
  process.stdout.write(JSON.stringify({ text: text.text, pages: text.total, info: info.info }));
});`;

/** Extracts a PDF's text with a PDF library independent of the one that wrote it. */
export function readPdf(pdf: Buffer): PdfReadBack {
  const out = execFileSync(process.execPath, ['-e', SCRIPT], {
    input: pdf,
    cwd: join(__dirname, '..', '..'),
    maxBuffer: 64 * 1024 * 1024,
  });
  const parsed = JSON.parse(out.toString('utf8')) as Omit<PdfReadBack, 'flat'>;
  // pdf-parse marks page ends with "-- n of m --" lines: left out of the flat text.
  const flat = parsed.text
    .replace(/-- \d+ of \d+ --/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { ...parsed, flat };
}
