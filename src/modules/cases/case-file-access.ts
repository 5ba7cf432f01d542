import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../../platform/http';
import type { AccessRecord } from '../access';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { DomainError } from '../../platform/http';
import { caseAccessRecord, caseWorkflow } from './case-record';
import { findCaseHead } from './repositories/case.repository';
import { caseMergedError, MERGED_STATUS } from './case-merged';
import type { CaseWorkflow } from './domain/workflow';

/** The case as the file's use cases decide on it: access facts, workflow state and version. */
export interface FileCase {
  id: string;
  reference: string;
  organizationId: string;
  status: string;
  assigneeId: string | null;
  restricted: boolean;
  version: number;
  /** For AccessService decisions on the case. */
  access: AccessRecord;
  workflow: CaseWorkflow;
}

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

  /** The case, or NOT_FOUND; `lock` takes its row lock in the caller's transaction. */
  async load(m: EntityManager, id: string, opts: { lock?: boolean } = {}): Promise<FileCase> {
    const h = await findCaseHead(m, id, { lock: opts.lock ?? false });
    if (!h) throw new DomainError('NOT_FOUND');
    if (h.status === MERGED_STATUS) throw new DomainError('CASE_MERGED');
    return {
      id: h.id,
      reference: h.reference,
      organizationId: h.organizationId,
      status: h.status,
      assigneeId: h.assigneeId,
      restricted: h.restricted,
      version: h.version,
      access: caseAccessRecord(h),
      workflow: caseWorkflow(h),
    };
  }

  /** The case, once `action` on it is allowed to the actor. */
  async guard(actor: Actor, id: string, action: string): Promise<FileCase> {
    const h = await findCaseHead(this.dataSource.manager, id);
    // A merged case (issue 15): whoever may act on it learns its successor (410 CASE_MERGED).
    if (h?.status === MERGED_STATUS) {
      await this.access.assert(actor.user, action, caseAccessRecord(h), { actor });
      throw await caseMergedError(this.dataSource.manager, h.id);
    }
    const c = await this.load(this.dataSource.manager, id);
    await this.assert(actor, action, c);
    return c;
  }

  /** Refuses `action` on the case unless the access rules allow it to the actor. */
  async assert(actor: Actor, action: string, c: FileCase): Promise<void> {
    await this.access.assert(actor.user, action, c.access, { actor });
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
