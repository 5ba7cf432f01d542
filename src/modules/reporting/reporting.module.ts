import { Module } from '@nestjs/common';
import { AccessModule, AccessService } from '../access';
import { ActivitiesModule } from '../activities';
import { AuditModule } from '../audit';
import { GeographyModule } from '../geography';
import { IdentityModule } from '../identity';
import { REPORT_RESOURCE } from './report.resource';
import { REPORTS_CONTROLLERS, REPORTS_PROVIDERS } from './reports';
import { STATISTICS_CONTROLLERS, STATISTICS_EXPORTS, STATISTICS_PROVIDERS } from './statistics.providers';

/** Anonymised statistics under disclosure control, plan indicators and reports (docs/DESIGN.md §6). */
@Module({
  imports: [GeographyModule, AuditModule, IdentityModule, AccessModule, ActivitiesModule],
  controllers: [...STATISTICS_CONTROLLERS, ...REPORTS_CONTROLLERS],
  providers: [...STATISTICS_PROVIDERS, ...REPORTS_PROVIDERS],
  exports: [...STATISTICS_EXPORTS],
})
export class ReportingModule {
  constructor(access: AccessService) {
    access.registerResource(REPORT_RESOURCE);
  }
}
