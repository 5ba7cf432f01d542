import { Module } from '@nestjs/common';
import { AccessModule, AccessService } from '../access';
import { AuditModule } from '../audit';
import { GeographyModule } from '../geography';
import { IdentityModule } from '../identity';
import { NotificationsModule } from '../notifications';
import { CaseFileController } from './case-file.controller';
import { CaseFileService } from './case-file.service';
import { CaseWorkflowService } from './case-workflow.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { CASE_RESOURCE } from './case.resource';
import { CasesHandlers } from './jobs/cases.handlers';
import './cases.crypto';
import './cases.errors';

@Module({
  imports: [GeographyModule, AuditModule, IdentityModule, AccessModule, NotificationsModule],
  controllers: [CasesController, CaseFileController],
  providers: [CasesService, CaseFileService, CaseWorkflowService, CasesHandlers],
  exports: [CasesService],
})
export class CasesModule {
  constructor(access: AccessService) {
    access.registerResource(CASE_RESOURCE);
  }
}
