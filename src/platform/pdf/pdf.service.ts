import { Injectable, Module } from '@nestjs/common';
import type { PdfDocumentSpec, PdfRenderOptions } from './pdf-document';
import { renderPdf } from './pdf.renderer';

/** Nest's face to renderPdf, for modules that produce documents (the commune notice, reports). */
@Injectable()
export class PdfService {
  render(spec: PdfDocumentSpec, opts?: PdfRenderOptions): Promise<Buffer> {
    return renderPdf(spec, opts);
  }
}

@Module({ providers: [PdfService], exports: [PdfService] })
export class PdfModule {}
