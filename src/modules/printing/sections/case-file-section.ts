import type { EntityManager } from 'typeorm';
import type { PdfBlock } from '../../../platform/pdf';
import type { CasePrintout } from '../../cases';
import type { PrintLabels } from '../print-format';

/** What every section of a printed case file is given. */
export interface CaseFilePrint {
  /** The case module's read of the whole file (decided as case.print). */
  file: CasePrintout;
  labels: PrintLabels;
  organizationName: string | null;
  /** Display names of staff by id (work names, not survivors' data); unknown ids are left out. */
  namesOf: (userIds: readonly (string | null)[]) => Promise<Map<string, string>>;
  /** "Phường Ba Đình, Thành phố Hà Nội" for a commune code in force, the code itself otherwise, "—" for none. */
  communeName: (code: string | null) => Promise<string>;
}

/** A section's title (numbered by the document) and its blocks. */
export interface SectionContent {
  title: string;
  blocks: PdfBlock[];
}

/**
 * One part of the printed case file. A section reads what it needs in the print's transaction (through
 * its owning module's index service) and lays it out; the print is audited once by the printing service,
 * so a section never audits its own read. Add a section: write a builder and list it in
 * case-file.sections.ts (the order there is the order on paper).
 */
export interface CaseFileSection {
  readonly key: string;
  build(m: EntityManager, print: CaseFilePrint): Promise<SectionContent>;
}

/** The line a section prints when the file holds nothing of its kind. */
export const NONE: PdfBlock = { kind: 'paragraph', text: 'Không có.', italic: true };

/** A bold line introducing a part of a section, kept with what follows (never alone at a page's foot). */
export const subheading = (text: string): PdfBlock => ({ kind: 'heading', text, size: 10, align: 'left' });
