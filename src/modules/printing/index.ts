export { PrintingModule } from './printing.module';
export { CaseFileSections } from './case-file.sections';
export type { CaseFilePrint, CaseFileSection, SectionContent } from './case-file.sections';
