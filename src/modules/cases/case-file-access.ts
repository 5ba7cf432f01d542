import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../../platform/http';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { accessRecordOf, CaseRecord, loadCase } from './case-record';

/**
 * What every use case of the file does first and last: decide the caller's action on the case (a case the
 * caller may not see answers 404) and audit the change or read against the case in its transaction.
 */
@Injectable()
export class CaseFileAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** The case, once `action` on it is allowed to the actor. */
  async guard(actor: Actor, id: string, action: string): Promise<CaseRecord> {
    const row = await loadCase(this.dataSource.manager, id);
    await this.access.assert(actor.user, action, accessRecordOf(row), { actor });
    return row;
  }

  /** The audit entry of the actor's change or read of the case. */
  async record(
    m: EntityManager,
    actor: Actor,
    caseId: string,
    action: string,
    reasonCode?: string,
  ): Promise<void> {
    await this.audit.record(m, {
      action,
      actor: actor.user,
      entityType: 'case',
      entityId: caseId,
      caseId,
      ...(reasonCode ? { reasonCode } : {}),
      requestId: actor.requestId,
    });
  }
}
