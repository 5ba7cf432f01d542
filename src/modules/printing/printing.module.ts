import { Module } from '@nestjs/common';
import { PdfModule } from '../../platform/pdf';
import { AuditModule } from '../audit';
import { CasesModule } from '../cases';
import { FollowupsModule } from '../followups';
import { GeographyModule } from '../geography';
import { IdentityModule } from '../identity';
import { ReferralsModule } from '../referrals';
import { CaseFileSections } from './case-file.sections';
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
    PdfModule,
  ],
  controllers: [PrintingController],
  providers: [PrintingService, CaseFileSections],
})
export class PrintingModule {}
