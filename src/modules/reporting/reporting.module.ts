import { Module } from '@nestjs/common';
import { AccessModule, AccessService } from '../access';
import { ActivitiesModule } from '../activities';
import { AuditModule } from '../audit';
import { GeographyModule } from '../geography';
import { IdentityModule } from '../identity';
import { REPORT_RESOURCE } from './report.resource';

/** Anonymised statistics under disclosure control, plan indicators and reports (DESIGN.md §6). */
@Module({
  imports: [GeographyModule, AuditModule, IdentityModule, AccessModule, ActivitiesModule],
  controllers: [],
  providers: [],
  exports: [],
})
export class ReportingModule {
  constructor(access: AccessService) {
    access.registerResource(REPORT_RESOURCE);
  }
}
