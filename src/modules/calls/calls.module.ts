import { Module } from '@nestjs/common';
import { AccessModule, AccessService } from '../access';
import { AuditModule } from '../audit';
import { CaseMoveRegistry, CasesModule } from '../cases';
import { IdentityModule } from '../identity';
import { CallMerge } from './call-moves';
import { CALL_RESOURCE } from './call.resource';
import { CallRepository } from './call.repository';
import { CallsController, CaseCallsController } from './calls.controller';
import { CallsService } from './calls.service';
import './calls.errors';

/** The call log (issue 15, item 9): every hotline call, with a case or without; counted by the statistics. */
@Module({
  imports: [AuditModule, IdentityModule, AccessModule, CasesModule],
  controllers: [CallsController, CaseCallsController],
  providers: [CallRepository, CallsService, CallMerge],
})
export class CallsModule {
  constructor(access: AccessService, moves: CaseMoveRegistry, merge: CallMerge) {
    access.registerResource(CALL_RESOURCE);
    moves.registerMerge(merge);
  }
}
