import { Module } from '@nestjs/common';
import { AuditChainHeadRepository } from './audit-chain-head.repository';
import { AuditController } from './audit.controller';
import { AuditEventRepository } from './audit-event.repository';
import { AuditSealer } from './audit-sealer';
import { AuditService } from './audit.service';
import { AuditTrailService } from './audit-trail.service';
import { AuditVerifier } from './audit-verifier';
import './audit.errors';

@Module({
  controllers: [AuditController],
  providers: [
    AuditEventRepository,
    AuditChainHeadRepository,
    AuditService,
    AuditSealer,
    AuditVerifier,
    AuditTrailService,
  ],
  exports: [AuditService, AuditSealer, AuditVerifier, AuditTrailService],
})
export class AuditModule {}
