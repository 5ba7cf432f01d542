import { Module } from '@nestjs/common';
import { AccessModule, AccessService } from '../access';
import { AuditModule } from '../audit';
import { GeographyModule } from '../geography';
import { NotificationsModule } from '../notifications';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { CASE_RESOURCE } from './case.resource';
import { CasesHandlers } from './jobs/cases.handlers';
import './cases.crypto';
import './cases.errors';

@Module({
  imports: [GeographyModule, AuditModule, AccessModule, NotificationsModule],
  controllers: [CasesController],
  providers: [CasesService, CasesHandlers],
  exports: [CasesService],
})
export class CasesModule {
  constructor(access: AccessService) {
    access.registerResource(CASE_RESOURCE);
  }
}
