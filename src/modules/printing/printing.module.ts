import { Module } from '@nestjs/common';
import { PdfModule } from '../../platform/pdf';
import { AssessmentsModule } from '../assessments';
import { AuditModule } from '../audit';
import { CasesModule } from '../cases';
import { DocumentsModule } from '../documents';
import { FollowupsModule } from '../followups';
import { GeographyModule } from '../geography';
import { IdentityModule } from '../identity';
import { PlansModule } from '../plans';
import { ReferralsModule } from '../referrals';
import { CaseFileSections, CaseWorkReads } from './case-file.sections';
import { PrintingController } from './printing.controller';
import { PrintingService } from './printing.service';

/** Printed copies of a case file and of a referral's form (issue 15); no tables of its own. */
@Module({
  imports: [
    GeographyModule,
    AuditModule,
    IdentityModule,
    CasesModule,
    ReferralsModule,
    FollowupsModule,
    AssessmentsModule,
    PlansModule,
    DocumentsModule,
    PdfModule,
  ],
  controllers: [PrintingController],
  providers: [PrintingService, CaseFileSections, CaseWorkReads],
})
export class PrintingModule {}
