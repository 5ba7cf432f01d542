import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { Actor } from '../../platform/http';
import { PdfService } from '../../platform/pdf';
import { AuditService } from '../audit';
import { GeographyService } from '../geography';
import { CasePrintReads } from '../cases';
import { IdentityDirectoryService } from '../identity';
import { ReferralPrintReads } from '../referrals';
import { CaseFileSections } from './case-file.sections';
import type { PrintCaseDto } from './dto/print.dto';
import { caseFileDocument, Printer, referralFormDocument } from './print-documents';
import { PrintLabels } from './print-format';
import type { CaseFilePrint, SectionContent } from './sections/case-file-section';

/** A printed document: its bytes and a file name holding a reference only, never a name. */
export interface PrintedFile {
  fileName: string;
  pdf: Buffer;
}

/** A reference is letters, digits and dashes; anything else is dropped from the file name. */
const safeToken = (reference: string): string => reference.replace(/[^A-Za-z0-9-]/g, '') || 'ho-so';

/**
 * Printed copies (issue 15): the whole case file for a court or at the survivor's request, and a
 * referral's form for a provider outside Haven. Each copy is read, laid out, rendered and audited in one
 * transaction (no audit row for a copy that was not made, no copy without its audit row); every page
 * carries who printed it and when.
 */
@Injectable()
export class PrintingService {
  private readonly labels: PrintLabels;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    catalogues: CatalogueService,
    private readonly audit: AuditService,
    private readonly cases: CasePrintReads,
    private readonly referrals: ReferralPrintReads,
    private readonly identity: IdentityDirectoryService,
    private readonly sections: CaseFileSections,
    private readonly pdf: PdfService,
    private readonly geography: GeographyService,
  ) {
    this.labels = new PrintLabels(catalogues);
  }

  /** POST /cases/:id/print: case.print decides (404 to whoever may not read the case). */
  async printCase(actor: Actor, caseId: string, body: PrintCaseDto, now = new Date()): Promise<PrintedFile> {
    const { reference } = await this.cases.guard(actor, caseId);
    // One snapshot for every section: a change committed while the file is read is wholly in or out.
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const file = await this.cases.read(m, caseId);
      const namesOf = this.namesFor();
      const print: CaseFilePrint = {
        file,
        labels: this.labels,
        organizationName: await this.identity.organizationName(file.organizationId, m),
        namesOf,
        communeName: (code) => this.communeName(code),
      };
      const contents: SectionContent[] = [];
      for (const section of this.sections.list) contents.push(await section.build(m, print));
      const printer = await this.printerOf(actor, now, m, namesOf);
      const spec = caseFileDocument(
        reference,
        print.organizationName,
        this.labels.of('print-purposes', body.purpose),
        printer,
        contents,
      );
      const pdf = await this.pdf.render(spec, { creationDate: now });
      await this.audit.record(m, {
        action: 'case.printed',
        actor: actor.user,
        entityType: 'case',
        entityId: caseId,
        caseId,
        reasonCode: body.purpose,
        reasonText: body.reason,
        requestId: actor.requestId,
      });
      return { fileName: `ho-so-${safeToken(reference)}.pdf`, pdf };
    });
  }

  /** POST /referrals/:id/print: case.print_referral on the referring case decides. */
  async printReferral(actor: Actor, referralId: string, now = new Date()): Promise<PrintedFile> {
    const { caseId, reference } = await this.referrals.guard(actor, referralId);
    return this.dataSource.transaction(async (m) => {
      const form = await this.referrals.form(m, referralId);
      const namesOf = this.namesFor();
      const names = await namesOf([form.referredBy]);
      const referrer = {
        organizationName: await this.identity.organizationName(form.referringOrganizationId, m),
        contactName: names.get(form.referredBy) ?? '—',
      };
      const printer = await this.printerOf(actor, now, m, namesOf);
      const pdf = await this.pdf.render(referralFormDocument(form, referrer, printer, this.labels), {
        creationDate: now,
      });
      await this.audit.record(m, {
        action: 'referral.printed',
        actor: actor.user,
        entityType: 'referral',
        entityId: referralId,
        caseId,
        // Which of the survivor's fields went on paper (keys only), as the provider's reads are audited.
        reasonCode: form.sharedFields.length ? [...form.sharedFields].sort().join(',') : 'no_shared_fields',
        requestId: actor.requestId,
      });
      return { fileName: `phieu-chuyen-gui-${safeToken(reference)}.pdf`, pdf };
    });
  }

  /** Users' work names for one print: each id is read once, however many sections name it. */
  private namesFor(): CaseFilePrint['namesOf'] {
    const known = new Map<string, string>();
    return async (ids) => {
      const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
      const missing = wanted.filter((id) => !known.has(id));
      if (missing.length > 0) {
        for (const [id, n] of await this.identity.workNamesOf(missing))
          known.set(id, n.displayName || n.username);
      }
      return new Map(wanted.flatMap((id) => (known.has(id) ? [[id, known.get(id) ?? id] as const] : [])));
    };
  }

  private async communeName(code: string | null): Promise<string> {
    if (!code) return '—';
    for (const province of await this.geography.listProvinces()) {
      const commune = (await this.geography.listCommunes(province.code)).find((c) => c.code === code);
      if (commune) return `${commune.fullName}, ${province.fullName}`;
    }
    return code;
  }

  private async printerOf(
    actor: Actor,
    at: Date,
    m: EntityManager,
    namesOf: CaseFilePrint['namesOf'],
  ): Promise<Printer> {
    const names = await namesOf([actor.user.id]);
    return {
      name: names.get(actor.user.id) ?? actor.user.id,
      organizationName: await this.identity.organizationName(actor.user.organizationId, m),
      at,
    };
  }
}
