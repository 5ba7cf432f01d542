import { AuditSealCommand } from './audit-seal.command';
import { AuditVerifyCommand } from './audit-verify.command';

export const AUDIT_COMMANDS = [AuditVerifyCommand, AuditSealCommand];
