import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import './audit.errors';

@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
