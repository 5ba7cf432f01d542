import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DocumentRepository } from './repositories/document.repository';

/** A document as a printed file lists it: kind, type, size, who added it and when; no name, no contents. */
export interface PrintedDocument {
  kind: string;
  mediaType: string;
  sizeBytes: number;
  addedBy: string;
  addedAt: Date;
  destroyedAt: Date | null;
  destroyedReason: string | null;
}

/**
 * The documents module's read for a printed case file (issue 15, the printing module): the list only (a
 * file's name often says whose certificate it is, and its contents are downloaded one by one, audited).
 * Read in the caller's transaction after it decided case.print; the print is audited once by the caller.
 */
@Injectable()
export class DocumentPrintReads {
  constructor(private readonly documents: DocumentRepository) {}

  async ofCase(m: EntityManager, caseId: string): Promise<PrintedDocument[]> {
    const rows = await this.documents.listForCase(m, caseId);
    return rows.map((d) => ({
      kind: d.kind,
      mediaType: d.mediaType,
      sizeBytes: d.sizeBytes,
      addedBy: d.addedBy,
      addedAt: d.addedAt,
      destroyedAt: d.destroyedAt,
      destroyedReason: d.destroyedReason,
    }));
  }
}
