export * from './pdf-document';
export { renderPdf } from './pdf.renderer';
export { PdfModule, PdfService } from './pdf.service';
